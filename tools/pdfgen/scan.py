#!/usr/bin/python3
"""Makes a scanned copy of a PDF: every page drawn to a grey image by
Poppler's pdftoppm and put back as an image-only PDF, as a scanner would
deliver it. For testing OCR against the text-layer original.

    /usr/bin/python3 tools/pdfgen/scan.py IN.pdf OUT.pdf [--dpi 150]

Deterministic: the same input gives the same bytes (fixed dates).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

try:
    import cairo
except ImportError:
    sys.exit("scan.py: needs python3-gi-cairo (tools/setup installs it)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--dpi", type=int, default=150)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-gray", "-png", args.input,
                        os.path.join(tmp, "p")], check=True)
        images = sorted(glob.glob(os.path.join(tmp, "p-*.png")))
        if not images:
            sys.exit(f"scan.py: {args.input}: no pages")
        scale = 72.0 / args.dpi
        first = cairo.ImageSurface.create_from_png(images[0])
        surface = cairo.PDFSurface(args.output, first.get_width() * scale,
                                   first.get_height() * scale)
        stamp = "2024-01-01T00:00:00Z"
        surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, stamp)
        surface.set_metadata(cairo.PDFMetadata.MOD_DATE, stamp)
        surface.set_metadata(cairo.PDFMetadata.CREATOR, "paragraf scan.py")
        cr = cairo.Context(surface)
        for path in images:
            image = cairo.ImageSurface.create_from_png(path)
            surface.set_size(image.get_width() * scale, image.get_height() * scale)
            cr.save()
            cr.scale(scale, scale)
            cr.set_source_surface(image, 0, 0)
            cr.paint()
            cr.restore()
            cr.show_page()
        surface.finish()


if __name__ == "__main__":
    main()
