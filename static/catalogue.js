// Progressive enhancement for GOV.UK Frontend's components. Pages work without it.
// The page template's inline snippet that marks <body> as JS-capable is blocked by the
// Content-Security-Policy (no inline script), so do its job here, then initialise.
import { initAll } from './govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
