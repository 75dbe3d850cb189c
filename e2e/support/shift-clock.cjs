// Preloaded into the Next.js server of the e2e (NODE_OPTIONS=--require): moves its clock with the mock's, so that
// POST /__mock/clock makes time pass for the app server too (as it does for real). The offset in ms is read from
// the file named by HELLOJOHN_E2E_CLOCK_FILE, polled every 20 ms.
const { readFileSync } = require('node:fs')

const file = process.env.HELLOJOHN_E2E_CLOCK_FILE
if (file) {
  let offset = 0
  const read = () => {
    try {
      offset = Number(readFileSync(file, 'utf8')) || 0
    } catch {
      // no file yet: no offset
    }
  }
  read()
  setInterval(read, 20).unref()
  const RealDate = Date
  const realNow = RealDate.now.bind(RealDate)
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset)
      else super(...args)
    }
    static now() {
      return realNow() + offset
    }
  }
  // explicit statics: some runtimes copy own properties of the global Date instead of following the prototype chain
  ShiftedDate.parse = RealDate.parse
  ShiftedDate.UTC = RealDate.UTC
  globalThis.Date = ShiftedDate
}
