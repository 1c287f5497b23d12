CREATE TABLE `idea_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`author_user_id` integer,
	`body` text NOT NULL,
	`hidden_at` integer,
	`hidden_by_user_id` integer,
	`hidden_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_comments_idea_idx` ON `idea_comments` (`idea_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idea_stage_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`reason` text,
	`meeting_id` integer,
	`by_user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_stage_changes_idea_idx` ON `idea_stage_changes` (`idea_id`,`at`);--> statement-breakpoint
CREATE TABLE `idea_supports` (
	`idea_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`idea_id`, `user_id`),
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ideas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`city_id` integer NOT NULL,
	`author_user_id` integer,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`theme` text NOT NULL,
	`kind` text NOT NULL,
	`target_group` text,
	`stage` text DEFAULT 'proposed' NOT NULL,
	`shared_with_network` integer DEFAULT false NOT NULL,
	`support_count` integer DEFAULT 0 NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ideas_city_created_idx` ON `ideas` (`city_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ideas_city_stage_idx` ON `ideas` (`city_id`,`stage`);--> statement-breakpoint
CREATE INDEX `ideas_city_support_idx` ON `ideas` (`city_id`,`support_count`);--> statement-breakpoint
CREATE INDEX `ideas_shared_idx` ON `ideas` (`shared_with_network`,`created_at`);--> statement-breakpoint
CREATE TABLE `pilot_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`objective` text,
	`target_group` text,
	`starts_on` text,
	`ends_on` text,
	`budget_cents` integer,
	`responsible` text,
	`partners` text,
	`results` text,
	`lessons_learned` text,
	`decision` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pilot_actions_idea_id_unique` ON `pilot_actions` (`idea_id`);--> statement-breakpoint
CREATE TABLE `pilot_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`target` text,
	`result` text,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilot_actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pilot_indicators_pilot_idx` ON `pilot_indicators` (`pilot_id`,`position`);