// The submission forms' own checks and records (web/src/forms.js), without a browser: what the page refuses before
// sending, and what it sends. The server checks every record again (tests/browser/accounts.test.mjs).
//
//   node --test tests/web/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS, allowedKinds, geometryOf, isDate, recordOf, validate } from '../../web/src/forms.js';
import { STRINGS } from '../../web/src/i18n.js';

const m = STRINGS.en.account.checks;
const project = { code: 'P1', name: 'n', type: 'afforestation', unit_code: '150202', year: '2024', completed: '12.5', completed_unit: 'mu' };
const patrol = { id: 'X1', chief_id: 'HZ-150202-3', date: '2024-02-29' };

test('dates are real calendar days', () => {
  for (const d of ['2024-02-29', '2000-02-29', '2023-12-31', '1949-01-01']) assert.equal(isDate(d), true, d);
  for (const d of ['2023-02-29', '1900-02-29', '2023-02-30', '2023-04-31', '2023-13-01', '2023-00-10', '2023-1-01', '20230101', '2023-01-01T00:00', '']) {
    assert.equal(isDate(d), false, d);
  }
});

test('required fields, years and kinds of number', () => {
  assert.deepEqual(validate('project', project, m), {});
  assert.deepEqual(validate('project', { ...project, code: '', name: '' }, m), { code: m.required, name: m.required });
  for (const y of ['1948', '2101', '20x4', '24', '2024.0']) assert.equal(validate('project', { ...project, year: y }, m).year, m.year, y);
  for (const v of ['-1', '1e3', '1,5', '.5', '5.', 'abc']) assert.equal(validate('project', { ...project, completed: v }, m).completed, m.decimal, v);
  assert.deepEqual(validate('indicator_value', { indicator: 'energy_drop', unit_code: '150200', year: '2023', value: '-3.25' }, m), {});
  assert.equal(validate('indicator_value', { indicator: 'e', unit_code: '150200', year: '2023', value: '3,25' }, m).value, m.number);
  assert.equal(validate('patrol', { ...patrol, issues_found: '1.5' }, m).issues_found, m.count);
  assert.equal(validate('chief', { id: 'c', name: 'n', kind: 'mayor', level: '3', unit_code: '150202' }, m).kind, m.choose);
});

test('areas: one of the two, a unit with each, at most a micro-mu of precision', () => {
  assert.equal(validate('project', { ...project, completed: '' }, m).completed, m.oneArea);
  assert.deepEqual(validate('project', { ...project, completed: '', planned: '3', planned_unit: 'ha' }, m), {});
  assert.equal(validate('project', { ...project, completed_unit: '' }, m).completed_unit, m.required);
  assert.deepEqual(validate('project', { ...project, completed: '1.123456' }, m), {});
  assert.equal(validate('project', { ...project, completed: '1.1234567' }, m).completed, m.precision(6));
  assert.deepEqual(validate('project', { ...project, completed: '1.1234567', completed_unit: 'ha' }, m), {});
  assert.equal(validate('project', { ...project, completed: '1.12345678', completed_unit: 'ha' }, m).completed, m.precision(7));
});

test('patrols: no more issues resolved than found; chiefs: until not before since; objects written id:name', () => {
  assert.deepEqual(validate('patrol', { ...patrol, issues_found: '2', issues_resolved: '2' }, m), {});
  assert.equal(validate('patrol', { ...patrol, issues_found: '2', issues_resolved: '3' }, m).issues_resolved, m.resolved);
  assert.equal(validate('patrol', { ...patrol, issues_resolved: '1' }, m).issues_resolved, m.resolved, 'none found, one resolved');
  const chief = { id: 'c', name: 'n', kind: 'river_lake', level: '3', unit_code: '150202' };
  assert.deepEqual(validate('chief', { ...chief, since: '2021-01-01', until: '2021-01-01', objects: 'r1:大黑河|r2:小黑河' }, m), {});
  assert.equal(validate('chief', { ...chief, since: '2021-01-02', until: '2021-01-01' }, m).until, m.until);
  for (const o of ['r1', 'r1:', ':name', 'r1:a||r2:b']) assert.equal(validate('chief', { ...chief, objects: o }, m).objects, m.objects, o);
});

test('GeoJSON: the geometry of the right type, also from a Feature or a one-feature collection', () => {
  const poly = { type: 'Polygon', coordinates: [[[110, 40], [110.1, 40], [110.1, 40.1], [110, 40]]] };
  const line = { type: 'LineString', coordinates: [[110, 40], [110.1, 40.1]] };
  assert.deepEqual(geometryOf(JSON.stringify({ type: 'Feature', properties: {}, geometry: poly })), poly);
  assert.deepEqual(geometryOf(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: line }] })), line);
  assert.deepEqual(validate('project', { ...project, geometry: JSON.stringify(poly) }, m), {});
  assert.equal(validate('project', { ...project, geometry: JSON.stringify(line) }, m).geometry, m.geojson('Polygon / MultiPolygon'));
  assert.equal(validate('project', { ...project, geometry: '{"type": "Polygon"' }, m).geometry, m.geojson('Polygon / MultiPolygon'));
  assert.deepEqual(validate('patrol', { ...patrol, track: JSON.stringify(line) }, m), {});
  assert.equal(validate('patrol', { ...patrol, track: JSON.stringify(poly) }, m).track, m.geojson('LineString / MultiLineString'));
  assert.deepEqual(recordOf('patrol', { ...patrol, track: JSON.stringify({ type: 'Feature', geometry: line }) }).track, line);
});

test('the record sent: the import\'s columns as text, empty ones and the unit of an empty area left out', () => {
  assert.deepEqual(recordOf('project', { ...project, planned: '', planned_unit: 'mu', funding: '' }), project);
  assert.deepEqual(Object.keys(recordOf('patrol', { ...patrol, object_id: '', issues_found: '0' })), ['id', 'chief_id', 'date', 'issues_found']);
});

test('the forms offered are the kinds the permissions allow', () => {
  assert.deepEqual(allowedKinds({ submit_project: 'subtree', submit_patrol: 'subtree', submit_indicator_value: 'subtree', submit_chief: 'subtree' }), Object.keys(KINDS));
  assert.deepEqual(allowedKinds({ submit_project: 'none', submit_patrol: 'own', submit_indicator_value: 'none', submit_chief: 'none' }), ['patrol']);
  assert.deepEqual(allowedKinds({ decide_submission: 'subtree' }), []);
  assert.deepEqual(allowedKinds(undefined), []);
});

test('every field of every form has a label in both languages', () => {
  for (const lang of ['zh', 'en']) {
    for (const [kind, spec] of Object.entries(KINDS)) {
      for (const f of spec.fields) assert.ok(STRINGS[lang].account.fields[kind][f.key], `${lang} ${kind}.${f.key}`);
      assert.ok(STRINGS[lang].account.kinds[kind], `${lang} kind ${kind}`);
    }
  }
});
