// Column definitions for DataTable: what to show and how to format it.
export interface Column<Row> {
	key: keyof Row & string;
	label: string;
	/** Right-aligned with tabular figures. */
	numeric?: boolean;
	format?: (value: Row[keyof Row], row: Row) => string;
	/** Where the cell leads, if anywhere (a view of the row's own figures). */
	href?: (row: Row) => string | null;
}
