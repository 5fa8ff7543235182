"""Small things a reader meets: the home page's title, and the pages for a wrong address."""

from __future__ import annotations

import re


def test_a_home_pages_title_names_the_site_once(built):
    for home in sorted(built.glob("*/*/index.html")):
        title = re.search(r"<title>([^<]*)</title>", home.read_text(encoding="utf-8")).group(1)
        assert " - " not in title and title.strip(), (home, title)


def test_a_wrong_address_anywhere_gets_a_page_with_a_way_back(built):
    top = (built / "404.html").read_text(encoding="utf-8")
    assert '<a href="/">' in top
    for page in sorted(built.glob("*/*/404.html")):
        home = re.search(r'<a href="([^"]+)">[^<]+</a></p>', page.read_text(encoding="utf-8")).group(1)
        assert home.startswith("/") and "://" not in home, (page, home)  # works on any host, at any depth


def test_search_indexes_are_written_as_utf8(built):
    """An Urdu or Welsh letter is one character in the index, not six (\\u06a9), so a phone downloads
    less than half as much to search an Urdu site."""
    indexes = sorted(built.glob("*/*/search/search_index.json"))
    assert indexes
    for index in indexes:
        text = index.read_text(encoding="utf-8")
        assert not re.search(r"\\u0[0-9a-f]{3}", text), index


def _painted(svg: str, scale: int = 4) -> memoryview:
    """The QR code as a printer would paint it: each stroke of the path (a module high, centred on
    its row) in black on white, `scale` pixels a module, as a greyscale image."""
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    dark, x, y = set(), 0.0, 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", re.search(r' d="([^"]+)"', svg)[1]):
        if command == "h":
            dark.update((column, int(y)) for column in range(int(x), int(x) + int(first)))
            x += int(first)
        else:
            x, y = (float(first), float(second)) if command == "M" else (x + float(first), y + float(second))
    pixels = bytes(0 if (column // scale, row // scale) in dark else 255
                   for row in range(side * scale) for column in range(side * scale))
    return memoryview(pixels).cast("B", (side * scale, side * scale))


def test_a_printed_pages_qr_code_reads_back_as_its_address():
    """What the code draws is what a phone reads: the path's strokes, painted, are ZXing's modules."""
    import zxingcpp

    from toolkit.sitepages import QUIET_ZONE, qr_svg

    for address in ("https://guides.example.org/doncaster/t/abcdefgh/", "https://a.example/t/x/"):
        svg = qr_svg(address, "Scan <me>")
        assert "<title>Scan &lt;me&gt;</title>" in svg
        found = zxingcpp.read_barcode(_painted(svg), formats=zxingcpp.BarcodeFormat.QRCode)
        assert found is not None and found.text == address
        modules = memoryview(zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
                             .to_image(add_quiet_zones=False))
        painted, side = _painted(svg, scale=1), modules.shape[0]
        assert painted.shape[0] == side + 2 * QUIET_ZONE  # the quiet zone all round
        assert all(painted[row + QUIET_ZONE, column + QUIET_ZONE] == modules[row, column]
                   for row in range(side) for column in range(side))
