/** The page `/studio/` shows while the renderer has not been built. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Darkroom studio is not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:0 .3em}</style>
</head>
<body>
<h1>The Darkroom studio is not built yet</h1>
<p>The API is running, but the studio's files are missing. In the Darkroom folder run</p>
<pre><code>npm run build:renderer</code></pre>
<p>then reload this page; the link stays valid until it is used.</p>
</body>
</html>
`
