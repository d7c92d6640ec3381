FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /claimdesk ./cmd/claimdesk

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates poppler-utils python3-gi gir1.2-poppler-0.18 tzdata \
	tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa libheif-examples libtiff-tools \
	&& rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/claimdesk claimdesk
COPY --from=build /claimdesk /usr/local/bin/claimdesk
USER claimdesk
ENV CLAIMDESK_DATA_DIR=/var/lib/claimdesk CLAIMDESK_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["claimdesk"]
CMD ["serve"]
