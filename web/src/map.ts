// The event map: an offline basemap (Natural Earth country borders from world-atlas, drawn
// from a TopoJSON file bundled with the page, and the borders of the first-level divisions of
// the gazetteer's countries, src/geo/admin1-borders.json; no tile server; place names of the
// view from the server's gazetteer, /api/places), and the events as clustered circles
// coloured by event type and sized by fatalities. Clustering runs in MapLibre's
// worker (supercluster), which keeps 100,000 points smooth.

import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import admin1Url from './geo/admin1-borders.json?url';
import { api, EVENT_TYPES, TYPE_COLORS, type Points } from './api';
import { lang, num } from './i18n';

maplibregl.setWorkerUrl(workerUrl);

const SOURCE = 'events';

export interface EventMap {
  map: maplibregl.Map;
  setPoints(points: Points): void;
  /** `zoom/lat/lon` of the view. */
  position(): string;
  /** The view's extent as the API's `bbox` (west,south,east,north), clamped to the world. */
  bounds(): string | null;
  /** Fits the view to the points (when there are any). */
  fit(points: Points): void;
  /** Redraws the place names (after a change of language). */
  relabel(): void;
  ready: Promise<void>;
}

/** Parses `zoom/lat/lon`; null when it is not three numbers in range. */
export function parsePosition(text: string): { zoom: number; center: [number, number] } | null {
  const parts = text.split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts;
  if (zoom < 0 || zoom > 22 || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
  return { zoom, center: [lon, lat] };
}

export function createMap(
  container: HTMLElement,
  position: string,
  attribution: string,
  onSelect: (id: string) => void,
  onMove: () => void,
): EventMap {
  const start = parsePosition(position) ?? { zoom: 3.2, center: [42, 28] as [number, number] };
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#dfe9f0' } }],
    },
    center: start.center,
    zoom: start.zoom,
    attributionControl: false,
    renderWorldCopies: false,
    maxZoom: 14,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: attribution }));

  const bounds = () => {
    const b = map.getBounds();
    const clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v)).toFixed(3);
    return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(',');
  };

  const ready = new Promise<void>((resolve) => {
    map.on('load', async () => {
      const [topo, admin1] = await Promise.all([
        fetch(countriesUrl).then((r) => r.json() as Promise<Topology>),
        fetch(admin1Url).then((r) => r.json() as Promise<GeoJSON.FeatureCollection>),
      ]);
      const countries = topo.objects.countries as GeometryCollection;
      map.addSource('countries', { type: 'geojson', data: feature(topo, countries) });
      map.addSource('borders', {
        type: 'geojson',
        data: { type: 'Feature', properties: {}, geometry: mesh(topo, countries, (a, b) => a !== b) },
      });
      map.addLayer({ id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f7f5ef' } });
      // first-level divisions: thin dashed lines under the country borders and the markers
      map.addSource('admin1', { type: 'geojson', data: admin1 });
      container.dataset.admin1Countries = String(admin1.features.length);
      map.addLayer({
        id: 'admin1-borders',
        type: 'line',
        source: 'admin1',
        paint: {
          'line-color': '#a9a496',
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.3, 6, 0.7, 10, 1.2],
          'line-dasharray': [3, 2],
        },
      });
      map.addLayer({
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': '#8d8a80', 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.6] },
      });
      addEventLayers(map);
      placeNames();
      resolve();
    });
  });

  map.on('click', 'event-points', (e) => {
    const id = e.features?.[0]?.properties?.id;
    if (id !== undefined) onSelect(String(id));
  });
  map.on('click', 'event-clusters', async (e) => {
    const f = e.features?.[0];
    if (!f) return;
    const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource;
    const zoom = await source.getClusterExpansionZoom(f.properties.cluster_id);
    map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
  });
  for (const layer of ['event-points', 'event-clusters']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  map.on('moveend', onMove);
  // how many first-level border lines the view draws (read by the browser tests)
  map.on('idle', () => {
    if (map.getLayer('admin1-borders')) {
      container.dataset.admin1Drawn = String(map.queryRenderedFeatures({ layers: ['admin1-borders'] }).length);
    }
  });

  // Cluster counts as HTML labels: the map has no glyph server, so no text layers.
  const labels = new Map<number, maplibregl.Marker>();
  const updateLabels = () => {
    if (!map.getLayer('event-clusters')) return;
    const seen = new Set<number>();
    for (const f of map.queryRenderedFeatures({ layers: ['event-clusters'] })) {
      const id = f.properties.cluster_id as number;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!labels.has(id)) {
        const el = document.createElement('div');
        el.className = 'cluster-count';
        el.textContent = num(f.properties.point_count as number);
        const marker = new maplibregl.Marker({ element: el }).setLngLat(
          (f.geometry as GeoJSON.Point).coordinates as [number, number],
        );
        labels.set(id, marker);
      }
      labels.get(id)!.addTo(map);
    }
    for (const [id, marker] of labels) {
      if (!seen.has(id)) {
        marker.remove();
        labels.delete(id);
      }
    }
  };
  map.on('moveend', updateLabels);

  // Place names as HTML labels too, largest first, leaving out those that would overlap.
  const names: maplibregl.Marker[] = [];
  let namesFor = '';
  const placeNames = async (force = false) => {
    const view = bounds();
    if (view === namesFor && !force) return;
    namesFor = view;
    const labels = await api.places(new URLSearchParams({ bbox: view, limit: '150' }));
    if (namesFor !== view) return;
    for (const m of names) m.remove();
    names.length = 0;
    const taken: [number, number, number, number][] = [];
    labels.name.forEach((en, i) => {
      const text = lang() === 'ar' ? labels.name_ar[i] || en : en;
      const p = map.project([labels.lon[i], labels.lat[i]]);
      const w = text.length * 7 + 10;
      const box: [number, number, number, number] = [p.x - w / 2, p.y - 9, p.x + w / 2, p.y + 9];
      if (taken.length >= 40 || taken.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) return;
      taken.push(box);
      const el = document.createElement('div');
      el.className = labels.admin1[i] ? 'place-name admin1' : 'place-name';
      el.textContent = text;
      names.push(new maplibregl.Marker({ element: el }).setLngLat([labels.lon[i], labels.lat[i]]).addTo(map));
    });
  };
  map.on('moveend', () => placeNames().catch(() => {}));
  map.on('sourcedata', (e) => {
    if (e.sourceId === SOURCE && e.isSourceLoaded) {
      for (const marker of labels.values()) marker.remove();
      labels.clear();
      updateLabels();
    }
  });

  return {
    map,
    ready,
    setPoints(points: Points) {
      const features: GeoJSON.Feature[] = points.ids.map((id, i) => ({
        type: 'Feature',
        properties: { id, t: points.type[i], f: points.fatalities[i] },
        geometry: { type: 'Point', coordinates: [points.lon[i], points.lat[i]] },
      }));
      const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
      source?.setData({ type: 'FeatureCollection', features });
    },
    bounds,
    relabel: () => placeNames(true).catch(() => {}),
    fit(points: Points) {
      if (points.ids.length === 0) return;
      const bounds = new maplibregl.LngLatBounds();
      points.lon.forEach((lon, i) => bounds.extend([lon, points.lat[i]]));
      map.fitBounds(bounds, { padding: 40, maxZoom: 9, duration: 0 });
    },
    position() {
      const c = map.getCenter();
      return `${map.getZoom().toFixed(2)}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)}`;
    },
  };
}

function addEventLayers(map: maplibregl.Map): void {
  // Per-type counts in each cluster, so a cluster takes the colour of its commonest type.
  const clusterProperties: Record<string, unknown> = { fat: ['+', ['get', 'f']] };
  EVENT_TYPES.forEach((_, i) => {
    clusterProperties[`t${i}`] = ['+', ['case', ['==', ['get', 't'], i], 1, 0]];
  });
  map.addSource(SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: 11,
    clusterProperties,
  });
  const typeColor: unknown[] = ['match', ['get', 't']];
  EVENT_TYPES.forEach((name, i) => typeColor.push(i, TYPE_COLORS[name]));
  typeColor.push('#555');
  // The commonest type of a cluster: compare the six counts.
  const counts = EVENT_TYPES.map((_, i) => ['get', `t${i}`]);
  const clusterColor: unknown[] = ['case'];
  EVENT_TYPES.forEach((name, i) => {
    clusterColor.push(['all', ...counts.map((c) => ['>=', ['get', `t${i}`], c])], TYPE_COLORS[name]);
  });
  clusterColor.push('#555');

  map.addLayer({
    id: 'event-clusters',
    type: 'circle',
    source: SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': clusterColor as maplibregl.ExpressionSpecification,
      'circle-opacity': 0.75,
      'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'point_count']], 1, 12, 30, 34, 300, 60],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'event-points',
    type: 'circle',
    source: SOURCE,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': typeColor as maplibregl.ExpressionSpecification,
      'circle-opacity': 0.85,
      'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'f']], 0, 5, 1, 6, 10, 16, 30, 30],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
    },
  });
}
