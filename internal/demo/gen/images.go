package main

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
)

// scene is what a job-site photo shows; each draws its own simple picture so
// the demo's thumbnails look different from one another.
type scene int

const (
	sceneWallStain scene = iota // drywall with a water line and stain
	sceneCeiling                // ceiling with a ring stain around a light
	sceneFloor                  // wet wood floor, cupped boards
	sceneEquipment              // air mover and dehumidifier on a floor
	sceneSoot                   // smoke-damaged wall above a cooktop
	sceneMold                   // spotted mold on a basement wall
)

// photo renders a small JPEG "phone photo" of a scene. Sizes stay small so
// the checked-in demo mailbox stays well under a megabyte.
func photo(r *rand.Rand, s scene) []byte {
	const w, h = 320, 240
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	l := newSceneLayout(r)
	for y := range h {
		for x := range w {
			c := l.color(r, s, x, y)
			n := r.Float64()*18 - 9 // the grain of a phone's sensor
			img.Set(x, y, color.RGBA{clamp(c[0] + n), clamp(c[1] + n), clamp(c[2] + n), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 55}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// sceneLayout is where one photo's features stand, drawn at random so that
// no two photos of a scene look alike.
type sceneLayout struct {
	cx, cy, rad float64 // the stain's centre and radius
	shift       float64 // where the equipment stands
	// Mold grows in colonies: a few centres (x, y, radius), denser
	// towards each.
	colonies [][3]float64
}

// newSceneLayout draws a photo's layout from r. The order of the draws is
// the demo's: another order would change every photo of the shipped
// mailbox.
func newSceneLayout(r *rand.Rand) sceneLayout {
	l := sceneLayout{cx: 80 + r.Float64()*160, cy: 60 + r.Float64()*100}
	l.rad = 35 + r.Float64()*40
	l.shift = r.Float64()*60 - 30
	for range 5 {
		l.colonies = append(l.colonies, [3]float64{l.cx + r.Float64()*120 - 60, l.cy + r.Float64()*80 - 40, 10 + r.Float64()*30})
	}
	return l
}

// color is the colour of pixel (x, y) of scene s, before the grain.
func (l sceneLayout) color(r *rand.Rand, s scene, x, y int) [3]float64 {
	switch s {
	case sceneWallStain:
		return l.wallStain(x, y)
	case sceneCeiling:
		return l.ceiling(x, y)
	case sceneFloor:
		return l.floor(x, y)
	case sceneEquipment:
		return l.equipment(x, y)
	case sceneSoot:
		return soot(x, y)
	case sceneMold:
		return l.mold(r, x, y)
	}
	return [3]float64{}
}

// stainDistance is how far pixel (x, y) is from the stain's centre, the
// stain seen a little from above.
func (l sceneLayout) stainDistance(x, y int) float64 {
	return math.Hypot(float64(x)-l.cx, (float64(y)-l.cy)*1.3)
}

func (l sceneLayout) wallStain(x, y int) [3]float64 {
	c := [3]float64{214, 204, 184}
	if y > 200 {
		c = [3]float64{245, 245, 240} // baseboard
	} else if float64(y) > 150+8*math.Sin(float64(x)/23) {
		c = [3]float64{170, 150, 120} // wicking line
	}
	if d := l.stainDistance(x, y); d < l.rad {
		k := 1 - d/l.rad
		c = mix(c, [3]float64{120, 95, 60}, 0.6*k)
	}
	return c
}

func (l sceneLayout) ceiling(x, y int) [3]float64 {
	c := [3]float64{236, 234, 228}
	d := l.stainDistance(x, y)
	if math.Abs(d-l.rad) < 6 {
		c = [3]float64{190, 160, 100}
	} else if d < l.rad {
		c = mix(c, [3]float64{215, 195, 150}, 0.5)
	}
	if d < 14 {
		c = [3]float64{250, 250, 220} // light fixture
	}
	return c
}

func (l sceneLayout) floor(x, y int) [3]float64 {
	plank := (x + (y/40%2)*30) / 60
	tone := 150 + float64(plank%3)*12
	c := [3]float64{tone, tone * 0.68, tone * 0.42}
	if x%60 < 2 || y%40 < 2 {
		c = [3]float64{90, 60, 35}
	}
	if d := l.stainDistance(x, y); d < l.rad*1.6 {
		c = mix(c, [3]float64{70, 45, 25}, 0.5*(1-d/(l.rad*1.6)))
	}
	return c
}

func (l sceneLayout) equipment(x, y int) [3]float64 {
	fx, fy := float64(x), float64(y)
	c := [3]float64{150, 150, 150}
	if y < 120 {
		c = [3]float64{200, 196, 186}
	}
	if fx > 40+l.shift && fx < 140+l.shift && fy > 120 && fy < 200 {
		c = [3]float64{200, 40, 40} // air mover
	}
	if fx > 190-l.shift && fx < 280-l.shift && fy > 90 && fy < 210 {
		c = [3]float64{40, 70, 160} // dehumidifier
	}
	return c
}

func soot(x, y int) [3]float64 {
	fx, fy := float64(x), float64(y)
	c := [3]float64{225, 222, 215}
	k := math.Max(0, 1-fy/180) * (0.6 + 0.4*math.Sin(fx/40))
	c = mix(c, [3]float64{35, 32, 30}, k)
	if y > 190 {
		c = [3]float64{60, 60, 65} // cooktop
	}
	return c
}

// mold speckles each colony at random, so it takes r.
func (l sceneLayout) mold(r *rand.Rand, x, y int) [3]float64 {
	c := [3]float64{200, 200, 195}
	for _, col := range l.colonies {
		dc := math.Hypot(float64(x)-col[0], float64(y)-col[1])
		if dc < col[2] && r.Float64() < 0.9*(1-dc/col[2]) {
			c = [3]float64{40, 50, 35}
		}
	}
	return c
}

func mix(a, b [3]float64, k float64) [3]float64 {
	return [3]float64{a[0] + (b[0]-a[0])*k, a[1] + (b[1]-a[1])*k, a[2] + (b[2]-a[2])*k}
}

func clamp(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, v)))
}

// logo renders a small PNG company logo for an e-mail signature.
func logo(bg, fg color.RGBA) []byte {
	const w, h = 144, 40
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 255, 255, 255}
			switch {
			case x < 40:
				c = bg
				if (x-20)*(x-20)+(y-20)*(y-20) < 120 {
					c = fg
				}
			case y > 12 && y < 18 && x > 48 && x < 136:
				c = bg
			case y > 24 && y < 28 && x > 48 && x < 110:
				c = color.RGBA{120, 120, 120, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}
