CREATE TABLE `reform_entry` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`element` text NOT NULL,
	`stage` text NOT NULL,
	`date` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reform_entry_la_idx` ON `reform_entry` (`la_code`,`element`);