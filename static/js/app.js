// Improvement Tracker: the little JavaScript the service has. Hand-written,
// not built. Every page works without it; this only enhances.
import * as GOVUKFrontend from '../govuk/govuk-frontend.min.js'

GOVUKFrontend.initAll()

// GOV.UK Frontend component classes keyed by their data-module name.
const components = new Map(
  Object.values(GOVUKFrontend)
    .filter((value) => typeof value === 'function' && typeof value.moduleName === 'string')
    .map((Component) => [Component.moduleName, Component])
)

// initAll() only sees the page as first loaded, so content that htmx swaps in
// is initialised here, including the swapped element itself (which
// initAll({ scope }) would skip) and without re-initialising anything.
function initComponents (root) {
  if (!GOVUKFrontend.isSupported()) return
  const elements = root.matches('[data-module]') ? [root] : []
  elements.push(...root.querySelectorAll('[data-module]'))
  for (const element of elements) {
    const name = element.getAttribute('data-module')
    const Component = components.get(name)
    if (!Component || element.hasAttribute(`data-${name}-init`)) continue
    try {
      new Component(element) // eslint-disable-line no-new
    } catch (error) {
      console.error(error)
    }
  }
}

// An error summary that arrives by htmx must take focus, as it would on a full
// page load, so keyboard and screen reader users learn the form failed.
function focusErrorSummary (root) {
  const summary = root.matches('.govuk-error-summary')
    ? root
    : root.querySelector('.govuk-error-summary')
  if (!summary || summary.contains(document.activeElement)) return
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1')
  summary.focus()
}

function csrfToken () {
  const meta = document.querySelector('meta[name="csrf-token"]')
  return meta ? meta.getAttribute('content') : ''
}

document.addEventListener('htmx:configRequest', (event) => {
  const token = csrfToken()
  if (token) event.detail.headers['X-CSRFToken'] = token
})

document.addEventListener('htmx:afterSettle', (event) => {
  const root = event.target
  if (!(root instanceof Element) || !root.isConnected) return
  initComponents(root)
  focusErrorSummary(root)
})
