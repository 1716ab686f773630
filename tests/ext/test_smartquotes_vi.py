"""ext/smartquotes_vi.py: Vietnamese text gets the curly quotes English text gets; code keeps
its straight ones."""

CONF = "extensions = ['ext.smartquotes_vi']\n"
FILES = {"index.rst": 'Sửa lỗi "Working outside" trong Flask\n=====================================\n\n'
                      "Nó 'chạy' với ``print(\"x\")``.\n"}


def test_vietnamese_quotes_are_curly_as_english_ones(project):
    build = project(CONF, FILES)
    for language in ("vi", "en"):
        app, warnings, pages = build(language)
        assert "<h1>Sửa lỗi “Working outside” trong Flask" in pages["index.html"], language
        assert "Nó ‘chạy’ với" in pages["index.html"], language
        assert "print(&quot;x&quot;)" in pages["index.html"], language  # code as written
