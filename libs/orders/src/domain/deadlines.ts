import { Bilingual, endOfMontrealDay } from '@app/kernel';
import { montrealDayNumber } from './calendar-days';
import { dutyDueDays, IssuedOrder, measureCompletedAt } from './order';

/** An unmet deadline of an order in force: a corrective measure not completed, or a report not submitted. */
export interface OrderDeadline {
  /** Stable subject key: `order:<id>:measure:<measureId>` or `order:<id>:report:<dutyId>:<day>`. */
  key: string;
  organizationId: string;
  orderId: string;
  /** The order's reference and its regulator, to say whose deadline it is. */
  reference: string;
  regulator: string;
  /** `measure:<id>` or `report:<dutyId>:<day>`, as in an accrual's missed duties. */
  duty: string;
  /** When the time allowed starts: the order, or the previous report's due date. */
  startsAt: string;
  /** The last calendar day allowed (America/Montreal), as the order states it. */
  dueOn: string;
  /** The end of that day: the instant it becomes overdue. */
  dueAt: string;
  title: Bilingual;
}

/** The unmet deadlines of orders in force: corrective measures not completed, reports not submitted (through the next one due). */
export function orderDeadlines(orders: IssuedOrder[], asOf: Date): OrderDeadline[] {
  const out: OrderDeadline[] = [];
  for (const o of orders) {
    if (o.status !== 'issued') continue;
    const ref = o.terms.reference;
    for (const m of o.terms.measures) {
      if (measureCompletedAt(o, m.id)) continue;
      out.push({
        key: `order:${o.orderId}:measure:${m.id}`,
        organizationId: o.terms.organizationId,
        startsAt: o.terms.issuedAt,
        dueOn: m.dueOn,
        dueAt: endOfMontrealDay(m.dueOn).toISOString(),
        title: { en: `Corrective measure ${m.id}: ${m.description} (order ${ref})`, fr: `Mesure corrective ${m.id} : ${m.description} (ordonnance ${ref})` },
        orderId: o.orderId,
        reference: ref,
        regulator: o.terms.regulator,
        duty: `measure:${m.id}`,
      });
    }
    const horizon = montrealDayNumber(asOf) + 1;
    for (const d of o.terms.reportingDuties) {
      const days = dutyDueDays(d, horizon + (d.cadence?.everyDays ?? 0));
      const submitted = (o.reports[d.id] ?? []).length;
      days.forEach((day, index) => {
        if (index < submitted) return;
        out.push({
          key: `order:${o.orderId}:report:${d.id}:${day}`,
          organizationId: o.terms.organizationId,
          startsAt: index === 0 ? o.terms.issuedAt : endOfMontrealDay(days[index - 1]).toISOString(),
          dueOn: day,
          dueAt: endOfMontrealDay(day).toISOString(),
          title: { en: `Report ${d.id} due ${day}: ${d.description} (order ${ref})`, fr: `Rapport ${d.id} dû le ${day} : ${d.description} (ordonnance ${ref})` },
          orderId: o.orderId,
          reference: ref,
          regulator: o.terms.regulator,
          duty: `report:${d.id}:${day}`,
        });
      });
    }
  }
  return out;
}

