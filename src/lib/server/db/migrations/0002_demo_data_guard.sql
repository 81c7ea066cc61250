CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `user` ADD `created_on_demo_data` integer DEFAULT false NOT NULL;