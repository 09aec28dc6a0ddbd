"""The PDF engine: a Django template and its context, printed by WeasyPrint with the project's own fonts.

Every document Agora prints (letters now; passes, table cards, rostrum seating
and the handbook later) goes through ``render.render_pdf``: the HTML template is
rendered in the document's language, its stylesheet and fonts come from this
package (``documents/pdf/assets``, ``documents/fonts``), pictures are passed in
as data URIs (``assets.image_data_uri``, ``assets.qr_data_uri``), and nothing is
fetched from anywhere else (``fetcher.ProjectFetcher``).
"""
