import TimetablingCore
/// Small helpers to write HTML by hand: the page frame and the shared style sheet (text is
/// escaped with ``Escaping/xml(_:apostrophe:)``).
package enum HTML {
    /// A whole page: no scripts, no external resources, the style sheet inline.
    /// `extraStyle` is added after the shared style sheet, for a page kind's own rules.
    package static func page(title: String, language: ReportLanguage, root: String, nav: String, body: String,
                             extraStyle: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escaping.xml(title))</title>
        <style>\(style)\(extraStyle)</style>
        </head>
        <body>
        <nav class="noprint">\(nav)</nav>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// The style sheet: a timetable grid for screens and A4 landscape print, and a day-by-day
    /// list in its place on narrow (phone) screens.
    static let style = """
    :root{--ink:#17202c;--muted:#586374;--line:#b9c3cf;--head:#e9edf2;--regular:#f0f2f5;--net:#dcebff;--online:#ece3ff;\
    --travel:#fff1c7;--free-away:#f6fbf2;--bad:#b42318;--ok:#146c2e}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0 auto;max-width:1200px;padding:14px 18px;color:var(--ink);\
    font:14px/1.35 "DejaVu Sans","Noto Sans","Liberation Sans",Arial,sans-serif}
    nav{font-size:13px;margin-bottom:10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
    nav a{margin-right:12px;color:#0b57d0;text-decoration:none;white-space:nowrap}
    h1{font-size:21px;margin:4px 0 2px}h2{font-size:17px;margin:18px 0 6px}h3{font-size:15px;margin:12px 0 4px}
    .meta{color:var(--muted);margin:0 0 8px}.meta span{margin-right:14px;white-space:nowrap}
    .banner{padding:6px 10px;border-radius:4px;margin:8px 0;font-weight:600}
    .banner.ok{background:#e3f4e8;color:var(--ok)}.banner.bad{background:#fde7e5;color:var(--bad)}
    table{border-collapse:collapse}
    table.list{width:100%;margin:4px 0 10px}table.list.narrow{width:auto;min-width:50%}
    .list th,.list td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
    .list th{background:var(--head);font-weight:600}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .grid-wrap{overflow-x:auto}
    table.grid{width:100%;table-layout:fixed;margin:6px 0 10px}
    .grid th,.grid td{border:1px solid var(--line);padding:3px 5px;vertical-align:top;overflow-wrap:anywhere}
    .grid thead th{background:var(--head);text-align:center}
    .grid th.p{width:82px;background:var(--head);text-align:left;font-weight:600}
    .grid th.p .t{display:block;font-weight:400;color:var(--muted);font-size:12px}
    td.regular{background:var(--regular);color:var(--muted);font-size:12px}
    td.net{background:var(--net)}td.online{background:var(--online)}td.mix{background:linear-gradient(var(--net),var(--online))}
    td.travel{background:var(--travel);font-size:12px}td.away{background:var(--free-away);color:var(--muted);font-size:12px}
    td.clash{outline:2px solid var(--bad);outline-offset:-2px}
    .e{margin-bottom:3px}.e:last-child{margin-bottom:0}.e.j .c{font-weight:400;font-style:italic}
    .c{font-weight:600;display:block}.d{display:block;font-size:12px;color:#2d3846}
    tr.trips th,tr.trips td{background:#fffaf0;font-size:12px}
    .leg{display:block;margin-bottom:3px}.leg b{white-space:nowrap}
    .legend{font-size:12px;color:var(--muted);margin:4px 0}.legend i{display:inline-block;width:12px;height:12px;border:1px solid var(--line);\
    vertical-align:-2px;margin:0 4px 0 10px}
    .cols{columns:3 240px;column-gap:24px}.cols div{break-inside:avoid;margin-bottom:8px}
    ul.plain{list-style:none;padding:0;margin:0}
    .why{margin:2px 0 0 0;padding-left:18px;font-size:13px}.engine{color:var(--muted);font-size:12px}
    .daylist{display:none}
    .daylist section{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 10px}
    .daylist h3{margin:2px 0 6px}.daylist li{padding:4px 0;border-top:1px dashed var(--line)}
    .daylist .pn{font-weight:600;display:inline-block;min-width:104px}
    .badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:var(--head)}
    .badge.bad{background:#fde7e5;color:var(--bad)}.badge.ok{background:#e3f4e8;color:var(--ok)}
    @media (max-width:720px){body{padding:10px;font-size:15px}.meta span{white-space:normal;display:inline-block}\
    table.list.narrow{width:100%}table.stack thead{display:none}table.stack tr{display:block;border-bottom:1px solid var(--line);\
    padding:4px 0}table.stack td{display:block;border:0;padding:1px 0}.grid-wrap{display:none}.daylist{display:block}\
    .cols{columns:1}table.list{font-size:13px}nav a{display:inline-block;margin:2px 10px 2px 0}}
    @media print{nav,.noprint{display:none!important}body{max-width:none;padding:0;font-size:9.5pt}\
    @page{size:A4 landscape;margin:9mm}.grid-wrap{display:block!important;overflow:visible}.daylist{display:none!important}\
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr,td{break-inside:avoid}h2{break-after:avoid}\
    .grid th,.grid td{padding:2px 4px}.grid th.p{width:64px}a{color:inherit;text-decoration:none}}
    """
}
