/** The dashboard's stylesheet (inlined in the page). */
export const DASHBOARD_CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;background:#f5f6f8}
header{display:flex;gap:16px;align-items:center;padding:10px 18px;background:#1d2330;color:#fff}
header h1{font-size:16px;margin:0;font-weight:600}header select{padding:4px 6px}
nav{display:flex;flex-wrap:wrap;gap:2px;padding:0 18px;background:#fff;border-bottom:1px solid #dde1e7}
nav a{padding:9px 12px;color:#444;text-decoration:none;border-bottom:2px solid transparent}
nav a.active{color:#1150d6;border-bottom-color:#1150d6;font-weight:600}
main{padding:16px 18px;max-width:1200px}h2{font-size:18px;margin:4px 0 12px}h3{font-size:15px;margin:16px 0 8px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dde1e7;margin-bottom:12px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef0f3;vertical-align:top;word-break:break-word}
th{background:#fafbfc;font-weight:600;font-size:12px;color:#555}
tr.clickable{cursor:pointer}tr.clickable:hover{background:#f0f5ff}
button{white-space:nowrap;padding:5px 10px;border:1px solid #b9c1cc;background:#fff;border-radius:4px;cursor:pointer;font:inherit}
button.primary{background:#1150d6;border-color:#1150d6;color:#fff}button.danger{color:#b42318;border-color:#e4a5a0}
input,select,textarea{font:inherit;padding:5px 7px;border:1px solid #b9c1cc;border-radius:4px}
textarea{width:100%;font-family:ui-monospace,Menlo,monospace;font-size:12px}
form.row,.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 14px;margin-bottom:12px}
.muted{color:#6b7380}.error{color:#b42318;background:#fdecea;border:1px solid #f5c2bd;padding:8px 10px;border-radius:4px;margin:8px 0}
.ok{color:#0a6b3d;background:#e7f6ee;border:1px solid #b7e2c9;padding:8px 10px;border-radius:4px;margin:8px 0}
code,pre{font-family:ui-monospace,Menlo,monospace;font-size:12px}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:8px;border-radius:4px;margin:4px 0}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;background:#eef0f3;font-size:12px}
.badge.good{background:#dff3e8;color:#0a6b3d}.badge.bad{background:#fdecea;color:#b42318}
.grid{display:grid;grid-template-columns:150px 1fr;gap:6px 10px;align-items:center}
`
