"""Draw src/dryneedle/webroot/favicon.ico from the app's icon (static/dryneedle/icon.svg).

Browsers ask for /favicon.ico on their own (bookmarks, tabs, pages without a <link rel=icon>,
such as a PDF or a JSON answer); WhiteNoise serves that file at the site's root. Run this after
changing icon.svg: `.venv/bin/python scripts/make_favicon.py` (needs Debian's Chromium).
"""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dryneedle"
SOURCE = PACKAGE / "static" / "dryneedle" / "icon.svg"
TARGET = PACKAGE / "webroot" / "favicon.ico"
DRAWN_AT = 256  # drawn large once, then scaled down by Pillow for each size in the file
SIZES = [(16, 16), (32, 32), (48, 48), (64, 64)]


def draw_png(svg: str) -> bytes:
    page_html = f"<body style='margin:0'>{svg.replace('<svg ', f'<svg width={DRAWN_AT} ', 1)}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": DRAWN_AT, "height": DRAWN_AT})
        page.set_content(page_html)
        png = page.locator("svg").screenshot(omit_background=True)
        browser.close()
    return png


def main() -> None:
    image = Image.open(io.BytesIO(draw_png(SOURCE.read_text()))).convert("RGBA")
    TARGET.parent.mkdir(exist_ok=True)
    image.save(TARGET, format="ICO", sizes=SIZES)
    print(f"Wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
