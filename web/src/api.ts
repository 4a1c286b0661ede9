// Types of the observatory's HTTP API (see /api/openapi.json) and the calls the page makes.

export interface Actor {
  name: string;
  text?: string | null;
  start?: number | null;
  end?: number | null;
}

export interface Place {
  name: string;
  text?: string | null;
  latitude: number;
  longitude: number;
  geo_precision: number;
  start?: number | null;
  end?: number | null;
}

export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface Evidence {
  sentence: string;
  start: number;
  end: number;
}

/** One event as the list and the map see it. */
export interface EventSummary {
  event_id_cnty: string;
  event_date: string | null;
  time_precision: number | null;
  event_type: string;
  sub_event_type: string;
  actor1: string | null;
  actor2: string | null;
  /** English name. */
  country: string | null;
  /** ISO 3166-1 alpha-2. */
  country_code: string | null;
  admin1: string | null;
  admin2: string | null;
  location: Place | null;
  /** ACLED's lowest credible count; 0 when none is reported (as the exports' column). */
  fatalities: number;
  /** The highest count a source claimed; null when none is reported. */
  fatalities_max: number | null;
  n_sources: number;
  source: string;
}

export interface EventPage {
  events: EventSummary[];
  next: string | null;
}

/** What one article said about an event. */
export interface SourceClaim {
  /** The article's key for /api/documents/{id}. */
  doc_key: string;
  doc_id: string;
  record_id: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  event_type: string;
  sub_event_type: string;
  event_date: string | null;
  time_precision: number | null;
  actor1: Actor | null;
  actor2: Actor | null;
  location: Place | null;
  fatalities: number | null;
  fatalities_text: string | null;
  trigger: Span | null;
  evidence: Evidence[];
}

export interface EventDetail {
  event: EventSummary;
  sources: SourceClaim[];
}

export interface DocumentEvent {
  event_id: string;
  record_id: string;
  event_type: string;
  sub_event_type: string;
  trigger: Span | null;
  actor1: Actor | null;
  actor2: Actor | null;
  location: Place | null;
  fatalities_text: string | null;
  evidence: Evidence[];
}

export interface DocumentView {
  doc_key: string;
  doc_id: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  text: string;
  events: DocumentEvent[];
}

export interface Bucket {
  key: string;
  events: number;
  fatalities: number;
}

export interface Stats {
  events: number;
  fatalities: number;
  by_date: Bucket[];
  /** Events of each `by_date` bucket by type, in EVENT_TYPES order. */
  by_date_types: number[][];
  /** Events without a date. */
  undated: number;
  /** Events without coordinates (not on the map; `located=false` lists them). */
  unlocated: number;
  by_type: Bucket[];
  by_country: Bucket[];
  by_admin1: Bucket[];
  by_actor: Bucket[];
}

/** Every event that passes the filters, as parallel columns, for the map. */
export interface Points {
  ids: string[];
  lon: number[];
  lat: number[];
  type: number[];
  fatalities: number[];
  truncated: boolean;
}

/** Place names of a map view (first-level divisions first, then towns by population). */
export interface Labels {
  name: string[];
  name_ar: string[];
  lon: number[];
  lat: number[];
  admin1: boolean[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const url = params && [...params.keys()].length ? `${path}?${params}` : path;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    let message = res.statusText;
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') message = body.error;
    } catch {
      /* the status text is all there is */
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export const api = {
  events: (params: URLSearchParams) => getJson<EventPage>('/api/events', params),
  points: (params: URLSearchParams) => getJson<Points>('/api/points', params),
  stats: (params: URLSearchParams) => getJson<Stats>('/api/stats', params),
  places: (params: URLSearchParams) => getJson<Labels>('/api/places', params),
  event: (id: string) => getJson<EventDetail>(`/api/events/${encodeURIComponent(id)}`),
  document: (id: string) => getJson<DocumentView>(`/api/documents/${encodeURIComponent(id)}`),
};

/** The six ACLED event types, in the order the map's `type` column indexes them. */
export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
] as const;

export const TYPE_COLORS: Record<string, string> = {
  Battles: '#c0392b',
  'Explosions/Remote violence': '#e67e22',
  'Violence against civilians': '#8e44ad',
  Protests: '#2e86c1',
  Riots: '#17a589',
  'Strategic developments': '#7f8c8d',
};
