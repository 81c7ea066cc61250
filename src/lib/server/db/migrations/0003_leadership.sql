CREATE TABLE `change_point` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`month` text NOT NULL,
	`label` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	`removed_by` text,
	`removed_at` integer
);
--> statement-breakpoint
CREATE INDEX `change_point_area_idx` ON `change_point` (`area`);--> statement-breakpoint
CREATE TABLE `recalculation` (
	`change_point_id` integer NOT NULL,
	`metric_id` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`change_point_id`, `metric_id`),
	FOREIGN KEY (`change_point_id`) REFERENCES `change_point`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `target` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`metric_id` text NOT NULL,
	`from_month` text NOT NULL,
	`value` real,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `target_area_idx` ON `target` (`area`,`metric_id`);