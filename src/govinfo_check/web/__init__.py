"""The local page for drafters (`govinfo-check serve`): app.py (the web application), pool.py (the
worker pool), server.py (the command), ui.py (its words), templates/page.html.j2 (the page)."""
