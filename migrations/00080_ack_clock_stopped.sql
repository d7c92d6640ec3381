-- When the acknowledgment clock stopped, where that is before the
-- acknowledgment itself: a "no answer needed" mark made by the deadline,
-- taken back after the office's later reply answered the message. The
-- reply is the answer (acknowledged_at, ack_reply_id); the on-time figures
-- count the office's decision, made in time, from this column.

-- +goose Up
ALTER TABLE messages ADD COLUMN ack_clock_stopped_at timestamptz;

-- +goose Down
ALTER TABLE messages DROP COLUMN ack_clock_stopped_at;
