// The MapLibre map: no tiles, no glyphs, no sprites — a background and GeoJSON sources only. Unit labels are HTML
// markers (no glyph server to draw symbol layers with), at the point inside each unit the server computes
// (label_lon/label_lat of /units.geojson, GEOS PointOnSurface, as the bulletin's maps place theirs). MapLibre
// draws Web Mercator only: the dashboard is an interactive map; the printed maps of the bulletin are equal-area
// (Albers) for comparing areas (docs/dashboard.md).
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';

const EMPTY = { type: 'FeatureCollection', features: [] };

export function createMap(container) {
  const map = new maplibregl.Map({
    container,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    center: [113, 44],
    zoom: 3.4,
    style: {
      version: 8,
      sources: {
        units: { type: 'geojson', data: EMPTY },
        protected: { type: 'geojson', data: EMPTY },
        stations: { type: 'geojson', data: EMPTY },
        outlets: { type: 'geojson', data: EMPTY },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#e9eef2' } },
        {
          id: 'units-fill', type: 'fill', source: 'units',
          paint: { 'fill-color': ['coalesce', ['get', 'color'], '#d0d3d6'], 'fill-opacity': 0.88 },
        },
        {
          id: 'protected-fill', type: 'fill', source: 'protected',
          paint: { 'fill-color': '#1b5e20', 'fill-opacity': 0.35 },
        },
        { id: 'protected-line', type: 'line', source: 'protected', paint: { 'line-color': '#1b5e20', 'line-width': 0.4, 'line-opacity': 0.6 } },
        { id: 'units-line', type: 'line', source: 'units', paint: { 'line-color': '#4a5560', 'line-width': 0.9 } },
        {
          // Values from part of a year: the unit is filled white and outlined, dashed, in its class colour.
          id: 'units-partial', type: 'line', source: 'units', filter: ['==', ['get', 'partial'], true],
          paint: { 'line-color': ['coalesce', ['get', 'class_color'], '#6b7785'], 'line-width': 2.5, 'line-dasharray': [2, 1.5] },
        },
        {
          id: 'units-hover', type: 'line', source: 'units', filter: ['==', ['get', 'code'], ''],
          paint: { 'line-color': '#37474f', 'line-width': 2 },
        },
        {
          id: 'units-selected', type: 'line', source: 'units', filter: ['==', ['get', 'code'], ''],
          paint: { 'line-color': '#0d47a1', 'line-width': 3.2 },
        },
        {
          id: 'stations', type: 'circle', source: 'stations',
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 3.5, 8, 7],
            'circle-color': ['coalesce', ['get', 'color'], '#9e9e9e'],
            'circle-stroke-color': ['coalesce', ['get', 'stroke'], '#263238'],
            'circle-stroke-width': ['coalesce', ['get', 'stroke_width'], 0.8],
          },
        },
        {
          // Pollution-source outlets (no sprites: the kind is the colour): flue gas brown, wastewater blue; a red ring
          // when the outlet had hours beyond a limit in the year the exceedance card shows.
          id: 'outlets', type: 'circle', source: 'outlets',
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 4, 8, 8],
            'circle-color': ['match', ['get', 'kind'], 'water', '#0277bd', '#6d4c41'],
            'circle-stroke-color': ['case', ['>', ['coalesce', ['get', 'exceeding'], 0], 0], '#d50000', '#ffffff'],
            'circle-stroke-width': ['case', ['>', ['coalesce', ['get', 'exceeding'], 0], 0], 2.5, 1.2],
          },
        },
      ],
    },
  });
  // The compass is the north arrow: rotation is off, so it points straight up, and a click resets it anyway.
  map.addControl(new maplibregl.NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}

const labelMarkers = new WeakMap();

// One label per unit of `fc` (its `name` at label_lon/label_lat, white halo), replacing the map's previous ones.
export function setUnitLabels(map, fc, nameOf) {
  for (const marker of labelMarkers.get(map) || []) marker.remove();
  const markers = [];
  for (const f of fc.features) {
    const p = f.properties || {};
    if (typeof p.label_lon !== 'number' || typeof p.label_lat !== 'number') continue;
    const el = document.createElement('div');
    el.className = 'unit-label';
    el.dataset.testid = 'unit-label';
    el.dataset.code = p.code;
    el.textContent = nameOf(p);
    markers.push(new maplibregl.Marker({ element: el }).setLngLat([p.label_lon, p.label_lat]).addTo(map));
  }
  labelMarkers.set(map, markers);
}

// The note on the boundaries' source and the map approval number (审图号) under the map: /meta's map_note, the
// note the bulletin prints under its maps.
class MapNoteControl {
  onAdd() {
    this.el = document.createElement('div');
    this.el.className = 'maplibregl-ctrl map-note';
    this.el.dataset.testid = 'map-note';
    return this.el;
  }

  onRemove() { this.el.remove(); }
}

const noteControls = new WeakMap();

export function setMapNote(map, text) {
  let control = noteControls.get(map);
  if (!control) {
    control = new MapNoteControl();
    map.addControl(control, 'bottom-left');
    noteControls.set(map, control);
  }
  control.el.textContent = text || '';
}

export function bboxOf(fc) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      if (c[0] < minX) minX = c[0]; if (c[0] > maxX) maxX = c[0];
      if (c[1] < minY) minY = c[1]; if (c[1] > maxY) maxY = c[1];
    } else c.forEach(walk);
  };
  for (const f of fc.features) if (f.geometry) walk(f.geometry.coordinates);
  return [[minX, minY], [maxX, maxY]];
}

export function mapLoaded(map) {
  return new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', resolve)));
}

// Resolves when the map has rendered everything it was given (or after `ms`, whichever first).
export function mapIdle(map, ms = 5000) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    map.once('idle', () => { clearTimeout(t); resolve(); });
    map.triggerRepaint();
  });
}
