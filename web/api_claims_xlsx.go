package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/claimdesk/claimdesk/storage"
)

// claimsSheet is the export workbook's only sheet.
const claimsSheet = "Claims"

// handleAPIClaimsXLSX answers the claims export as an Excel workbook: the
// CSV's columns and rows, days open as numbers, the header frozen.
// excelize's stream writer keeps the rows in a temporary file past a few
// megabytes, so memory stays bounded.
func (s *Server) handleAPIClaimsXLSX(w http.ResponseWriter, r *http.Request) {
	r, status, first, err := s.firstExportBatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := s.fillClaimsSheet(r, f, status, first); err != nil {
		s.fail(w, r, err)
		return
	}
	setPrivateFile(w.Header(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment", s.exportName(status)+".xlsx")
	if _, err := f.WriteTo(w); err != nil {
		s.log.Warn("claims workbook cut short", "err", err)
	}
}

// fillClaimsSheet writes the header and the claim rows into f's sheet.
func (s *Server) fillClaimsSheet(r *http.Request, f *excelize.File, status string, first []storage.Claim) error {
	if err := f.SetSheetName("Sheet1", claimsSheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(claimsSheet)
	if err != nil {
		return fmt.Errorf("stream sheet: %w", err)
	}
	header := claimsCSVHeader()
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	line := 1
	emit := func(rec []string) error {
		cells := make([]any, len(rec))
		for i, v := range rec {
			cells[i] = v
			if header[i] == "days_open" && line > 1 {
				if n, err := strconv.Atoi(v); err == nil {
					cells[i] = n
				}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, line)
		if err == nil {
			err = sw.SetRow(cell, cells)
		}
		line++
		return err
	}
	if err := emit(header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	if err := s.claimRows(r.Context(), status, first, emit); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("finish sheet: %w", err)
	}
	return nil
}
