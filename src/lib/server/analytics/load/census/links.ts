// Links the census cannot make and the authority's own tables can: a section 47 enquiry read from
// a census return names no strategy discussion, yet the census dates an enquiry by the
// discussion that started it. Where the extract carries the authority's strategy discussions,
// each such enquiry is linked to the discussion held for the same child on its start day that
// decided to start one.
import type { DuckDBConnection } from '@duckdb/node-api';

export async function linkEnquiriesToDiscussions(c: DuckDBConnection): Promise<void> {
	// Two such discussions on one day for one child are one decision recorded twice; the
	// lowest id is taken so that the link does not depend on the order of the rows.
	await c.run(`UPDATE main.s47_enquiries s SET strategy_id = d.strategy_id
		FROM (SELECT la_code, child_id, date, min(strategy_id) AS strategy_id
			FROM main.strategy_discussions WHERE s47_initiated GROUP BY la_code, child_id, date) d
		WHERE s.strategy_id IS NULL AND d.la_code = s.la_code AND d.child_id = s.child_id
			AND d.date = s.start_date`);
}
