// The view's state (filters, open event, language, map position) and its round trip through
// the page's URL, so that a view can be shared by its address.

/** The API's filters the page offers (see `/api/openapi.json`), by their API names. */
export interface Filters {
  from: string;
  to: string;
  event_type: string;
  sub_event_type: string;
  country: string;
  admin1: string;
  actor: string;
  outlet: string;
  q: string;
  min_fatalities: string;
  max_precision: string;
}

export interface ViewState {
  filters: Filters;
  /** The event open in the panel. */
  event: string;
  /** The article open in the article view. */
  doc: string;
  lang: 'ar' | 'en';
  /** `zoom/lat/lon` of the map, as in many map sites. */
  map: string;
}

export const FILTER_KEYS: (keyof Filters)[] = [
  'from',
  'to',
  'event_type',
  'sub_event_type',
  'country',
  'admin1',
  'actor',
  'outlet',
  'q',
  'min_fatalities',
  'max_precision',
];

export function emptyFilters(): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as unknown as Filters;
}

export function readUrl(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  const lang = params.get('lang') === 'en' ? 'en' : 'ar';
  return {
    filters,
    event: params.get('event') ?? '',
    doc: params.get('doc') ?? '',
    lang,
    map: params.get('map') ?? '',
  };
}

export function writeUrl(state: ViewState): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (state.filters[key]) params.set(key, state.filters[key]);
  if (state.event) params.set('event', state.event);
  if (state.doc) params.set('doc', state.doc);
  if (state.lang !== 'ar') params.set('lang', state.lang);
  if (state.map) params.set('map', state.map);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's query parameters for the filters, leaving out `omit` (the timeline omits dates). */
export function apiParams(filters: Filters, omit: (keyof Filters)[] = []): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (omit.includes(key)) continue;
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}
