CREATE TABLE `commentary` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`metric_id` text NOT NULL,
	`month` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`based_on` integer,
	`author` text NOT NULL,
	`saved_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commentary_version_idx` ON `commentary` (`area`,`metric_id`,`month`,`version`);