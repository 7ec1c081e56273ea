// Case and contact entry, the latest persons of the outbreak (masked in the list), a person's
// record (read in clear only by roles that need it, and audited), and a contact turning into a case.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_CLASSIFICATIONS, CERTAINTIES, EXPOSURE_TYPES, TREATMENT_PLACES, type Outbreak, type Person } from '../../../../shared/contracts/epidemics.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatDate } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { convertContact, createCase, createContact, epiKeys, fetchPerson, fetchPersons } from './epidemics-api.ts';

const num = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

function PersonRecord({ id, lang }: { id: number; lang: Language }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: epiKeys.person(id), queryFn: ({ signal }) => fetchPerson(id, signal) });
  if (q.error) return <p className="epi-error">{errorMessage(t, q.error)}</p>;
  if (!q.data) return null;
  const d = q.data;
  const p = d.person;
  return (
    <div className="epi-record" data-testid="epi-record">
      <h3>{p.code} · {t(`epidemics.kind.${p.kind}`)}</h3>
      {p.masked && <p className="epi-muted">{t('epidemics.record.masked')}</p>}
      <dl>
        <dt>{t('epidemics.form.name')}</dt><dd data-testid="record-name">{p.name ?? '—'}</dd>
        <dt>{t('epidemics.form.phone')}</dt><dd>{p.phone ?? '—'}</dd>
        <dt>{t('epidemics.form.idNumber')}</dt><dd>{p.idNumber ?? '—'}</dd>
        <dt>{t('epidemics.form.address')}</dt><dd>{p.address ?? '—'}</dd>
        {p.followUpFrom && <><dt>{t('epidemics.record.followUp')}</dt><dd>{formatDate(p.followUpFrom, lang)} – {formatDate(p.followUpTo!, lang)} · {t(`epidemics.fu.${p.followUpStatus}`)}</dd></>}
      </dl>
      {d.exposures.length > 0 && <p>{t('epidemics.record.exposures')}: {d.exposures.map((e) => `${e.sourceCode} → ${e.targetCode} (${t(`epidemics.exposure.${e.exposureType}`)}, ${formatDate(e.contactOn, lang)})`).join('; ')}</p>}
    </div>
  );
}

export function CasesTab({ outbreak, day, lang }: { outbreak: Outbreak; day: string; lang: Language }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'case' | 'contact'>('case');
  const [f, setF] = useState<Record<string, string>>({ classification: 'confirmed', treatmentPlace: 'home', exposureType: 'household', certainty: 'high', ward: outbreak.areaCodes[0] ?? '' });
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const wardLabel = (w: { name: string; nameEn: string }) => (lang === 'en' ? w.nameEn : w.name);
  const wardName = (code: string | null) => {
    const w = code ? outbreak.wards.find((x) => x.code === code) : undefined;
    return w ? wardLabel(w) : (code ?? '—');
  };
  const set = (k: string) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const persons = useQuery({ queryKey: epiKeys.persons(outbreak.id, ''), queryFn: ({ signal }) => fetchPersons(outbreak.id, '', signal) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['epidemics'] });
  const identity = () => ({ name: f.name ?? '', phone: f.phone || null, idNumber: f.idNumber || null, address: f.address || null, lon: num(f.lon ?? ''), lat: num(f.lat ?? ''), wardCode: f.ward || null });
  const save = useMutation({
    mutationFn: () => mode === 'case'
      ? createCase(outbreak.id, { ...identity(), classification: f.classification!, confirmedOn: f.confirmedOn || day, onsetOn: f.onsetOn || null, treatmentPlace: f.treatmentPlace as Person['treatmentPlace'] as never, vaccineDoses: Number(f.doses || 0) })
      : createContact(outbreak.id, { ...identity(), sourceCode: f.sourceCode ?? '', exposureType: f.exposureType as never, contactOn: f.contactOn || day, certainty: f.certainty as never }),
    onSuccess: (p) => {
      setDone(t(mode === 'case' ? 'epidemics.form.savedCase' : 'epidemics.form.savedContact', { code: p.code }));
      if (mode === 'case') setF((x) => ({ ...x, sourceCode: p.code }));
      setF((x) => ({ ...x, name: '', phone: '', idNumber: '', address: '' }));
      void refresh();
    },
  });
  const convert = useMutation({
    mutationFn: (id: number) => convertContact(id, { classification: 'confirmed', confirmedOn: day }),
    onSuccess: (p) => {
      setDone(t('epidemics.form.converted', { code: p.code }));
      void refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    save.mutate();
  };
  const field = (k: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <label key={k}>{t(`epidemics.form.${k}`)}<input type={type} value={f[k] ?? ''} onChange={set(k)} data-testid={`f-${k}`} {...extra} /></label>
  );
  return (
    <div className="epi-cols">
      <section className="epi-card">
        <div className="epi-tabs small">
          <button className={mode === 'case' ? 'on' : ''} onClick={() => setMode('case')} data-testid="mode-case">{t('epidemics.form.newCase')}</button>
          <button className={mode === 'contact' ? 'on' : ''} onClick={() => setMode('contact')} data-testid="mode-contact">{t('epidemics.form.newContact')}</button>
        </div>
        <form className="epi-form" onSubmit={submit} data-testid="epi-form">
          {field('name', 'text', { required: true })}
          {field('phone', 'tel')}
          {field('idNumber')}
          {field('address')}
          <label>{t('epidemics.form.ward')}<select value={f.ward} onChange={set('ward')} data-testid="f-ward">{outbreak.wards.map((w) => <option key={w.code} value={w.code}>{wardLabel(w)}</option>)}</select></label>
          {field('lon', 'text', { inputMode: 'decimal' })}
          {field('lat', 'text', { inputMode: 'decimal' })}
          {mode === 'case' ? (
            <>
              <label>{t('epidemics.form.classification')}<select value={f.classification} onChange={set('classification')} data-testid="f-classification">{CASE_CLASSIFICATIONS.filter((c) => outbreak.classifications.includes(c)).map((c) => <option key={c} value={c}>{t(`epidemics.class.${c}`)}</option>)}</select></label>
              {field('confirmedOn', 'date')}
              {field('onsetOn', 'date')}
              <label>{t('epidemics.form.treatmentPlace')}<select value={f.treatmentPlace} onChange={set('treatmentPlace')} data-testid="f-treatment">{TREATMENT_PLACES.map((c) => <option key={c} value={c}>{t(`epidemics.place.${c}`)}</option>)}</select></label>
              {field('doses', 'number', { min: 0, max: 10 })}
            </>
          ) : (
            <>
              {field('sourceCode', 'text', { required: true })}
              <label>{t('epidemics.form.exposureType')}<select value={f.exposureType} onChange={set('exposureType')} data-testid="f-exposure">{EXPOSURE_TYPES.map((c) => <option key={c} value={c}>{t(`epidemics.exposure.${c}`)}</option>)}</select></label>
              {field('contactOn', 'date')}
              <label>{t('epidemics.form.certainty')}<select value={f.certainty} onChange={set('certainty')} data-testid="f-certainty">{CERTAINTIES.map((c) => <option key={c} value={c}>{t(`epidemics.certainty.${c}`)}</option>)}</select></label>
            </>
          )}
          <button type="submit" className="primary" disabled={save.isPending} data-testid="f-save">{t('epidemics.form.save')}</button>
        </form>
        {done && <p className="epi-ok" role="status" data-testid="epi-saved">{done}</p>}
        {(save.error ?? convert.error) && <p className="epi-error" role="alert">{errorMessage(t, save.error ?? convert.error)}</p>}
      </section>
      <section className="epi-card">
        <h2>{t('epidemics.persons.title')}</h2>
        <table className="epi-table" data-testid="epi-persons">
          <thead><tr><th>{t('epidemics.persons.code')}</th><th>{t('epidemics.persons.kind')}</th><th>{t('epidemics.form.name')}</th><th>{t('epidemics.form.ward')}</th><th>{t('epidemics.persons.date')}</th><th /></tr></thead>
          <tbody>
            {(persons.data?.persons ?? []).map((p) => (
              <tr key={p.id} data-testid={`person-${p.code}`}>
                <td><button className="link" onClick={() => setOpen(p.id)}>{p.code}</button></td>
                <td>{t(`epidemics.kind.${p.kind}`)}{p.wasContact ? ` (${t('epidemics.persons.wasContact')})` : ''}</td>
                <td>{p.name ?? '—'}</td><td>{wardName(p.wardCode)}</td>
                <td>{p.confirmedOn ? formatDate(p.confirmedOn, lang) : p.followUpFrom ? formatDate(p.followUpFrom, lang) : '—'}</td>
                <td>{p.kind === 'contact' && <button onClick={() => convert.mutate(p.id)} disabled={convert.isPending} data-testid={`convert-${p.code}`}>{t('epidemics.persons.convert')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {open !== null && <PersonRecord id={open} lang={lang} />}
      </section>
    </div>
  );
}
