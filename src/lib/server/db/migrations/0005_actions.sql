CREATE TABLE `action_item` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`metric_id` text,
	`month` text,
	`title` text NOT NULL,
	`agency` text NOT NULL,
	`owner` text NOT NULL,
	`due` text NOT NULL,
	`raised_by` text NOT NULL,
	`raised_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `action_item_area_idx` ON `action_item` (`area`);--> statement-breakpoint
CREATE TABLE `action_update` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `action_item`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_update_action_idx` ON `action_update` (`action_id`);