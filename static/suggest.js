// Title suggestions under a search box as the user types. Progressive enhancement: the search form works
// the same without it. Follows the ARIA combobox pattern: arrow keys choose, Enter opens, Escape closes.

const MIN_CHARS = 2
const DELAY_MS = 150

function sameOrigin (url) {
  try {
    const target = new URL(url, window.location.origin)
    return target.origin === window.location.origin ? target.href : null
  } catch {
    return null
  }
}

export function initSuggest (input) {
  const endpoint = input.dataset.suggestUrl
  const listId = `${input.id}-suggestions`
  const list = document.createElement('ul')
  const status = document.createElement('div')
  let suggestions = []
  let active = -1
  let timer = null
  let pending = null

  list.id = listId
  list.className = 'catalogue-suggest__list'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', 'Suggested assets')
  list.hidden = true
  status.className = 'govuk-visually-hidden'
  status.setAttribute('role', 'status')
  input.parentElement.classList.add('catalogue-suggest')
  input.insertAdjacentElement('afterend', list)
  list.insertAdjacentElement('afterend', status)
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-controls', listId)
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('autocomplete', 'off')

  function close () {
    list.hidden = true
    list.replaceChildren()
    suggestions = []
    active = -1
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
  }

  function open (url) {
    const href = sameOrigin(url)
    if (href) window.location.assign(href)
  }

  function highlight (index) {
    active = index
    list.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index))
      option.classList.toggle('catalogue-suggest__option--active', i === index)
    })
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${index}`)
    } else {
      input.removeAttribute('aria-activedescendant')
    }
  }

  function option (suggestion, index) {
    const item = document.createElement('li')
    const kind = document.createElement('span')
    item.id = `${listId}-${index}`
    item.className = 'catalogue-suggest__option'
    item.setAttribute('role', 'option')
    item.setAttribute('aria-selected', 'false')
    item.textContent = suggestion.title
    kind.className = 'catalogue-suggest__kind'
    kind.textContent = ` ${suggestion.kind.replace(/_/g, ' ')}`
    item.append(kind)
    item.addEventListener('mousedown', (event) => event.preventDefault()) // keep focus in the box
    item.addEventListener('click', () => open(suggestion.url))
    return item
  }

  function show (found) {
    close()
    suggestions = found
    status.textContent = found.length
      ? `${found.length} suggestion${found.length === 1 ? '' : 's'}. Use up and down arrows to choose.`
      : ''
    if (!found.length) return
    list.replaceChildren(...found.map(option))
    list.hidden = false
    input.setAttribute('aria-expanded', 'true')
  }

  async function fetchSuggestions (text) {
    if (pending) pending.abort()
    pending = new AbortController()
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(text)}`, {
        headers: { Accept: 'application/json' },
        signal: pending.signal
      })
      if (!response.ok) return close()
      const body = await response.json()
      if (input.value.trim() === text) show(body.suggestions || [])
    } catch (error) {
      if (error.name !== 'AbortError') close()
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer)
    const text = input.value.trim()
    if (text.length < MIN_CHARS) {
      status.textContent = ''
      return close()
    }
    timer = window.setTimeout(() => fetchSuggestions(text), DELAY_MS)
  })

  input.addEventListener('keydown', (event) => {
    if (list.hidden) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      // positions run from -1 (back in the box) to the last suggestion, wrapping round
      const next = active + (event.key === 'ArrowDown' ? 1 : -1)
      highlight(next >= suggestions.length ? -1 : next < -1 ? suggestions.length - 1 : next)
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault()
      open(suggestions[active].url)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  })

  input.addEventListener('blur', close)
}

document.querySelectorAll('input[data-suggest-url]').forEach(initSuggest)
