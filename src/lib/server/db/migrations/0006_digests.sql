CREATE TABLE `digest_message` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`period` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`signals` text NOT NULL,
	`data_version` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_message_period_idx` ON `digest_message` (`user_id`,`period`);--> statement-breakpoint
CREATE INDEX `digest_message_status_idx` ON `digest_message` (`status`);--> statement-breakpoint
CREATE TABLE `digest_subscription` (
	`user_id` text PRIMARY KEY NOT NULL,
	`frequency` text NOT NULL,
	`unsubscribe_token` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_subscription_unsubscribe_token_unique` ON `digest_subscription` (`unsubscribe_token`);