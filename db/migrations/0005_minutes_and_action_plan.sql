CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`minutes_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`city_id` integer,
	`position` integer NOT NULL,
	`agenda_item_id` integer,
	`description` text NOT NULL,
	`owner_member_id` integer,
	`due_on` text,
	`done_on` text,
	`done_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`minutes_id`) REFERENCES `minutes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `action_items_minutes_idx` ON `action_items` (`minutes_id`,`position`);--> statement-breakpoint
CREATE INDEX `action_items_city_open_idx` ON `action_items` (`city_id`,`done_on`,`due_on`);--> statement-breakpoint
CREATE INDEX `action_items_owner_idx` ON `action_items` (`owner_member_id`,`done_on`);--> statement-breakpoint
CREATE TABLE `action_plan_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`city_id` integer NOT NULL,
	`idea_id` integer,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`timing` text,
	`lead` text,
	`partners` text,
	`cost_cents` integer,
	`funding_source` text,
	`funding_status` text,
	`implementation_status` text DEFAULT 'planned' NOT NULL,
	`indicators` text,
	`risks` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_plan_actions_idea_id_unique` ON `action_plan_actions` (`idea_id`);--> statement-breakpoint
CREATE INDEX `action_plan_actions_plan_idx` ON `action_plan_actions` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `action_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`city_id` integer NOT NULL,
	`title` text,
	`vision` text,
	`objectives` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_plans_city_id_unique` ON `action_plans` (`city_id`);--> statement-breakpoint
CREATE TABLE `minutes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`city_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`summary` text,
	`summary_en` text,
	`circulated_at` integer,
	`circulated_by_user_id` integer,
	`approved_at` integer,
	`approved_by_user_id` integer,
	`updated_at` integer NOT NULL,
	`updated_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`circulated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`approved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `minutes_meeting_id_unique` ON `minutes` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `minutes_city_status_idx` ON `minutes` (`city_id`,`status`);--> statement-breakpoint
CREATE TABLE `minutes_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`minutes_id` integer NOT NULL,
	`city_id` integer,
	`author_user_id` integer,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`minutes_id`) REFERENCES `minutes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `minutes_comments_minutes_idx` ON `minutes_comments` (`minutes_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `minutes_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`minutes_id` integer NOT NULL,
	`city_id` integer,
	`position` integer NOT NULL,
	`agenda_item_id` integer,
	`text` text NOT NULL,
	FOREIGN KEY (`minutes_id`) REFERENCES `minutes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `minutes_decisions_minutes_idx` ON `minutes_decisions` (`minutes_id`,`position`);--> statement-breakpoint
CREATE TABLE `minutes_item_notes` (
	`minutes_id` integer NOT NULL,
	`agenda_item_id` integer NOT NULL,
	`city_id` integer,
	`notes` text NOT NULL,
	PRIMARY KEY(`minutes_id`, `agenda_item_id`),
	FOREIGN KEY (`minutes_id`) REFERENCES `minutes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `minutes_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`minutes_id` integer NOT NULL,
	`city_id` integer,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`reason` text,
	`by_user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`minutes_id`) REFERENCES `minutes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `minutes_revisions_unique` ON `minutes_revisions` (`minutes_id`,`revision`);--> statement-breakpoint
CREATE INDEX `agenda_items_idea_idx` ON `agenda_items` (`idea_id`);