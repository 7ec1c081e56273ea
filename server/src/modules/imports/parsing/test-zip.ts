import { storedZip } from '../../../platform/test-zip.ts';

export { storedZip };

/** A minimal XLSX workbook with one sheet whose sheetData is `rowsXml`. */
export function craftedXlsx(rowsXml: string, extra: Record<string, string> = {}): Uint8Array {
  return storedZip({
    'xl/workbook.xml': '<workbook><sheets><sheet name="Sheet1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${rowsXml}</sheetData></worksheet>`,
    ...extra,
  });
}
