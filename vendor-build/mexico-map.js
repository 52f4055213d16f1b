// Write cities/data/mexico-outline.json: Mexico's outline and its neighbours' land inside the
// map's frame, from Natural Earth's 1:50m country boundaries (the world-atlas package), as
// lon/lat rings the city map draws as plain scatter traces (see cities/data/README.md).
// Rings are clipped to FRAME, simplified (Douglas–Peucker, TOLERANCE degrees) and rounded to
// two decimals (about 1 km), so the file stays small; the same inputs give the same bytes.
'use strict';
const fs = require('fs');
const path = require('path');
const topojson = require('topojson-client');
const world = require('world-atlas/countries-50m.json');

const FRAME = { west: -118.6, east: -86.2, south: 14.2, north: 33.2 }; // degrees
const TOLERANCE = 0.04; // degrees
const MEXICO = 'Mexico';
const NEIGHBOURS = ['United States of America', 'Guatemala', 'Belize', 'Honduras', 'El Salvador', 'Cuba'];
const OUT = path.join(__dirname, '..', 'cities', 'data', 'mexico-outline.json');

// Sutherland–Hodgman: a polygon ring clipped to one half-plane at a time.
function clip(ring) {
  const edges = [
    [(p) => p[0] >= FRAME.west, (a, b) => cross(a, b, 0, FRAME.west)],
    [(p) => p[0] <= FRAME.east, (a, b) => cross(a, b, 0, FRAME.east)],
    [(p) => p[1] >= FRAME.south, (a, b) => cross(a, b, 1, FRAME.south)],
    [(p) => p[1] <= FRAME.north, (a, b) => cross(a, b, 1, FRAME.north)],
  ];
  let points = ring;
  for (const [inside, intersect] of edges) {
    const out = [];
    points.forEach((current, i) => {
      const previous = points[(i + points.length - 1) % points.length];
      if (inside(current)) {
        if (!inside(previous)) { out.push(intersect(previous, current)); }
        out.push(current);
      } else if (inside(previous)) {
        out.push(intersect(previous, current));
      }
    });
    points = out;
    if (!points.length) { break; }
  }
  return points;
}

function cross(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const point = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  point[axis] = value;
  return point;
}

function simplify(points) {
  if (points.length < 3) { return points; }
  const [a, b] = [points[0], points[points.length - 1]];
  let worst = 0;
  let index = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = distance(points[i], a, b);
    if (d > worst) { worst = d; index = i; }
  }
  if (worst <= TOLERANCE) { return [a, b]; }
  return simplify(points.slice(0, index + 1)).slice(0, -1).concat(simplify(points.slice(index)));
}

function distance(p, a, b) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy);
  if (!length) { return Math.hypot(p[0] - a[0], p[1] - a[1]); }
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / length;
}

function round(points) {
  const out = [];
  for (const [lon, lat] of points) {
    const point = [Math.round(lon * 100) / 100, Math.round(lat * 100) / 100];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) { out.push(point); }
  }
  return out;
}

function rings(name) {
  const feature = topojson.feature(world, world.objects.countries).features.find(
    (f) => f.properties.name === name
  );
  const polygons = feature.geometry.type === 'Polygon'
    ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  return polygons
    .map((polygon) => round(simplify(clip(polygon[0])))) // outer rings: no lakes at this scale
    .filter((ring) => ring.length >= 4);
}

const data = {
  source: 'Natural Earth 1:50m Admin 0 countries, v4.1.0, via world-atlas@2.0.2',
  frame: [FRAME.west, FRAME.east, FRAME.south, FRAME.north],
  mexico: rings(MEXICO),
  neighbours: NEIGHBOURS.flatMap(rings),
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(data) + '\n');
const count = (list) => list.reduce((n, ring) => n + ring.length, 0);
console.log(`${OUT}: ${count(data.mexico)} + ${count(data.neighbours)} points`);
