// Which record properties a map layer carries: a display name and a few key fields, never a
// personal one. Derived from the declaration, so every dataset gets a layer without code.
import { displayFieldOf, type FieldDecl } from '../datasets/index.ts';

export interface LayerField {
  name: string;
  type: FieldDecl['type'];
  /** TileJSON type of the value. */
  kind: 'String' | 'Number' | 'Boolean';
}

export interface LayerFields {
  /** Field shown as the feature's `name`, or null when the dataset has no usable text field. */
  nameField: string | null;
  keyFields: LayerField[];
}

const MAX_KEY_FIELDS = 5;

const kindOf = (t: FieldDecl['type']): LayerField['kind'] =>
  t === 'integer' || t === 'number' ? 'Number' : t === 'boolean' ? 'Boolean' : 'String';

export function layerFields(fields: readonly FieldDecl[], displayField?: string): LayerFields {
  const open = fields.filter((f) => !f.personal && f.type !== 'phone' && f.type !== 'email');
  const nameField = displayFieldOf({ fields: [...fields], displayField });
  // Enumerations and numbers say most on a map (colour, size, filter); then the code and dates.
  const rank = (f: FieldDecl) => (f.type === 'enum' || f.type === 'boolean' ? 0 : f.name === 'code' ? 1 : f.type === 'integer' || f.type === 'number' ? 2 : f.type === 'date' ? 3 : 9);
  const keyFields = open
    .filter((f) => f.name !== nameField && rank(f) < 9)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .slice(0, MAX_KEY_FIELDS)
    .map(({ f }) => ({ name: f.name, type: f.type, kind: kindOf(f.type) }));
  return { nameField, keyFields };
}
