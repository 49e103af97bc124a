package site

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
)

// favicon is the site's icon as favicon.ico (one 32×32 PNG inside, as every current browser
// reads it): a key-shaped mark in the site's accent colour. Browsers ask for /favicon.ico
// whatever a page says, so the site has one rather than answering 404.
func favicon() ([]byte, error) {
	const n = 32
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	accent := color.NRGBA{0x0b, 0x57, 0xd0, 0xff}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := x-10, y-16
			ring := dx*dx+dy*dy <= 64 && dx*dx+dy*dy >= 16 // the key's bow
			shaft := y >= 14 && y <= 17 && x >= 17 && x <= 29
			bits := (x >= 23 && x <= 25 || x >= 27 && x <= 29) && y >= 17 && y <= 22
			if ring || shaft || bits {
				img.Set(x, y, accent)
			}
		}
	}
	var p bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	// ICONDIR, then one ICONDIRENTRY pointing at the PNG right after them.
	_ = binary.Write(&b, binary.LittleEndian, []uint16{0, 1, 1})
	b.Write([]byte{n, n, 0, 0})
	_ = binary.Write(&b, binary.LittleEndian, []uint16{1, 32})
	_ = binary.Write(&b, binary.LittleEndian, []uint32{uint32(p.Len()), 6 + 16})
	b.Write(p.Bytes())
	return b.Bytes(), nil
}
