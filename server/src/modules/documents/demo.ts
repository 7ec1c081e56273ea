// Demo register: a year of documents (3,000 incoming, 1,500 outgoing) with a realistic mix of
// types, numbered per year and series (restarting on 1 January), about 2 % secret, routed to
// the units, each with a body paragraph for search. Deterministic (seeded PRNG), bulk-inserted
// once. Files (generated PDFs) are a separate CLI step: `npm run cli -- demo-document-files`.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { mulberry32, type Random } from '../../platform/random.ts';
import { foldWords } from '../../../../shared/text/vietnamese.ts';
import { DOCUMENT_TYPES } from '../../../../shared/contracts/documents.ts';
import { INCOMING_TYPES, ISSUERS, ORGANISATION, OUTGOING_TYPES, SIGNERS, TOPICS, TYPE_ABBREVIATIONS } from './demo-text.ts';

const STATE_KEY = 'seed.demo-documents';
export const DEMO_INCOMING = 3000;
export const DEMO_OUTGOING = 1500;
const HANDLERS = ['ubnd-27475', 'ubnd-27478', 'ubnd-27484', 'ubnd-27487', 'phong-kinh-te', 'phong-qldt', 'phong-tnmt', 'phong-yte', 'phong-gddt', 'cong-an', 'van-phong-ubnd'];
const DAY_MS = 86_400_000;
const BATCH = 500;

const day = (t: number) => new Date(t + 7 * 3600_000).toISOString().slice(0, 10);
function weighted(rand: Random, items: readonly [string, number][]): string {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[0]![0];
}

/** The body text of a demo document (also what the generated PDF prints). */
export function demoBody(subject: string, topicIndex: number, issuer: string): string {
  return `${issuer}\n${subject}\n${TOPICS[topicIndex % TOPICS.length]![1]}\nĐề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện và báo cáo kết quả đúng thời hạn.`;
}

export async function seedDemoDocuments(db: Kysely<DB>, now: Date): Promise<{ seeded: boolean; documents: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, documents: 0 };
  const units = await sql<{ id: number; code: string }>`select id, code from v_units`.execute(db);
  const unitId = new Map(units.rows.map((u) => [u.code, u.id]));
  const handlers = HANDLERS.map((c) => unitId.get(c)).filter((x): x is number => x !== undefined);
  const rand = mulberry32(20261216);
  const end = now.getTime();
  const start = end - 365 * DAY_MS;
  type Row = unknown[];
  const rows: { at: number; row: Row; dir: string; year: number; series: string }[] = [];
  const typeName = (code: string) => DOCUMENT_TYPES.find((t) => t[0] === code)?.[1] ?? '';

  for (let i = 0; i < DEMO_INCOMING + DEMO_OUTGOING; i++) {
    const incoming = i < DEMO_INCOMING;
    const type = weighted(rand, incoming ? INCOMING_TYPES : OUTGOING_TYPES);
    const topic = Math.floor(rand() * TOPICS.length);
    const [issuer, issuerCode] = incoming ? ISSUERS[Math.floor(rand() * ISSUERS.length)]! : [ORGANISATION, 'UBND'];
    const abbr = TYPE_ABBREVIATIONS[type];
    const notation = incoming ? (abbr ? `${abbr}-${issuerCode.split('-')[0]}` : issuerCode) : (abbr ? `${abbr}-UBND` : 'UBND-VP');
    const arrivalAt = start + rand() * (end - start);
    const issuedAt = incoming ? arrivalAt - Math.floor(rand() * 4) * DAY_MS : arrivalAt;
    const subject = `${typeName(type)} về việc ${TOPICS[topic]![0]} năm ${day(issuedAt).slice(0, 4)}`;
    const secret = rand() < 0.02;
    const urgency = rand() < 0.06 ? (rand() < 0.3 ? 'thuong-khan' : 'khan') : rand() < 0.005 ? 'hoa-toc' : 'normal';
    const [signer, position] = incoming ? [null, null] : SIGNERS[Math.floor(rand() * SIGNERS.length)]!;
    const routed = incoming && rand() < 0.6;
    const handler = routed ? handlers[Math.floor(rand() * handlers.length)] ?? null : null;
    const handlingDue = routed ? day(arrivalAt + (5 + Math.floor(rand() * 25)) * DAY_MS) : null;
    const recipients = incoming ? [ORGANISATION] : ['UBND Thành phố Hồ Chí Minh', 'Các phòng, ban thuộc UBND phường'].slice(0, 1 + Math.floor(rand() * 2));
    const series = secret ? 'secret' : 'regular';
    const year = Number(day(arrivalAt).slice(0, 4));
    const body = demoBody(subject, topic, issuer);
    const folded = foldWords([typeName(type), notation, issuer, subject, signer ?? '', position ?? '', ...recipients, body].join(' '));
    rows.push({
      at: arrivalAt, dir: incoming ? 'incoming' : 'outgoing', year, series,
      row: [incoming ? 'incoming' : 'outgoing', type, notation, issuer, day(issuedAt), subject, signer, position, urgency, secret ? 'mat' : 'normal',
        recipients.join('|'), series, year, incoming ? day(arrivalAt) : null, handler, handlingDue, routed ? 'Giao đơn vị chủ trì tham mưu, xử lý' : null,
        folded, new Date(arrivalAt)],
    });
  }
  // Numbers in date order per direction, year and series: from 1 each 1 January.
  rows.sort((a, b) => a.at - b.at);
  const counters = new Map<string, number>();
  const numbered = rows.map((r) => {
    const key = `${r.dir}|${r.year}|${r.series}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    // Incoming documents keep the sender's number; outgoing ones take the register's.
    const senderNumber = r.dir === 'incoming' ? String(1 + Math.floor(rand() * 4000)) : String(n);
    return [...r.row, n, senderNumber];
  });
  await db.transaction().execute(async (tx) => {
    // One GIN build after the bulk insert is cheaper than 4,500 incremental updates.
    await sql`drop index if exists documents_search_idx`.execute(tx);
    for (let i = 0; i < numbered.length; i += BATCH) {
      const values = numbered.slice(i, i + BATCH).map((v) => {
        const [dir, type, notation, issuer, issued, subject, signer, position, urgency, secrecy, recipients, series, year, arrival, handler, handlingDue, note, folded, at, n, number] = v as [
          string, string, string, string, string, string, string | null, string | null, string, string, string, string, number, string | null, number | null, string | null, string | null, string, Date, number, string,
        ];
        return sql`(${dir}, ${type}, ${number}, ${notation}, ${issuer}, ${issued}::date, ${subject}, ${signer}, ${position}, ${urgency}, ${secrecy},
          string_to_array(${recipients}, '|'), ${series}, ${year}, ${n}, ${arrival}::date, ${handler}, ${handlingDue}::date, ${note}, ${folded}, true, ${at}, ${at})`;
      });
      await sql`insert into documents (direction, doc_type, number, notation, issuer, issued_date, subject, signer_name, signer_position, urgency, secrecy,
          recipients, series, register_year, register_number, arrival_date, handler_unit_id, handling_due, routing_note, search_folded, synthetic, created_at, updated_at)
        values ${sql.join(values)}`.execute(tx);
    }
    await sql`create index documents_search_idx on documents using gin (search_vector)`.execute(tx);
    await sql`insert into document_counters (direction, year, series, last_number)
      select direction, register_year, series, max(register_number) from documents group by 1, 2, 3
      on conflict (direction, year, series) do update set last_number = greatest(document_counters.last_number, excluded.last_number)`.execute(tx);
    await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ documents: numbered.length, at: now.toISOString() })})`.execute(tx);
  });
  return { seeded: true, documents: numbered.length };
}
