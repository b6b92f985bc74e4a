package bombs

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestWorkbookParts reads every part of smaller bombs of each kind to its
// end: archive/zip checks each part's length and CRC-32 against the
// directory's, so the repeated deflate blocks inflate to what is stated.
func TestWorkbookParts(t *testing.T) {
	for name, tc := range map[string]struct {
		data []byte
		part string
		size int64
	}{
		"spaces":         {SpacesSheet(5<<20 + 7), "xl/worksheets/sheet1.xml", 5<<20 + 7},
		"long string":    {LongSharedString(3<<20 + 1), "xl/sharedStrings.xml", 3<<20 + 1},
		"many strings":   {ManySharedStrings(300_001), "xl/sharedStrings.xml", 300_001 * int64(len(`<si><t>茶</t></si>`))},
		"many styles":    {ManyStyles(4 << 20), "xl/styles.xml", 4 << 20},
		"huge dimension": {HugeDimensions(), "xl/worksheets/sheet1.xml", 0},
	} {
		t.Run(name, func(t *testing.T) {
			zr, err := zip.NewReader(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				n, err := io.Copy(io.Discard, rc)
				if err != nil {
					t.Fatalf("%s: %v after %d bytes", f.Name, err, n)
				}
				if f.Name == tc.part && n < tc.size {
					t.Errorf("%s: %d bytes, want at least %d", f.Name, n, tc.size)
				}
			}
		})
	}
}

// TestBombSizes checks that the review's bombs are as big as it says once
// decompressed, and as small as it says in the file.
func TestBombSizes(t *testing.T) {
	for _, b := range All() {
		if b.Format != "xlsx" {
			n, err := io.Copy(io.Discard, b.Open())
			if err != nil || n != b.Size {
				t.Errorf("%s: read %d bytes (%v), want %d", b.Name, n, err, b.Size)
			}
			continue
		}
		if b.Size > 2<<20 {
			t.Errorf("%s: %d bytes; a bomb is small", b.Name, b.Size)
		}
		data, _ := io.ReadAll(b.Open())
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		var total uint64
		for _, f := range zr.File {
			total += f.UncompressedSize64
		}
		t.Logf("%s: %d bytes, %d once decompressed", b.Name, b.Size, total)
		if strings.Contains(b.Name, "1 GiB") && total < 1<<30 {
			t.Errorf("%s: %d bytes decompressed", b.Name, total)
		}
	}
}

func TestRepeat(t *testing.T) {
	got, err := io.ReadAll(io.MultiReader(Repeat("ab", 100_000), strings.NewReader("!")))
	if err != nil || string(got) != strings.Repeat("ab", 100_000)+"!" {
		t.Errorf("Repeat: %d bytes, %v", len(got), err)
	}
}
