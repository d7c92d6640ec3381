// Package thumbnail makes the small JPEG pictures the dashboard shows for
// photos and for the first page of PDFs, and keeps them in the blob store
// beside the files they show.
//
// Photos are decoded, scaled and turned upright in memory, bytes in and
// JPEG out, once their header (stamp.ReadPictureHeader) says decoding
// them takes no more than thumbMaxDecodeMemory, and within the memory the
// process's thumbnails share. A PDF's first page is rendered by poppler's
// pdftoppm in a child process bounded in time and memory, since PDFs from
// mail may be hostile.
// Cache keeps them: each content is made once, a few at a time, and a
// file that gave none is not tried again for a while. The package knows no
// database and no HTTP.
package thumbnail
