/**
 * A small CORS middleware for the example origins: the browser examples call this API with
 * `Authorization: Bearer <access token>`, which makes every call a preflighted cross-origin request.
 */
export function cors(allowedOrigins) {
  const allowed = new Set(allowedOrigins)
  return function corsMiddleware(req, res, next) {
    const origin = req.headers.origin
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin)
      res.setHeader('Vary', 'Origin')
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type')
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
      res.setHeader('Access-Control-Max-Age', '600')
    }
    if (req.method === 'OPTIONS') {
      res.status(origin && allowed.has(origin) ? 204 : 403).end()
      return
    }
    next()
  }
}
