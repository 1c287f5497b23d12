DROP INDEX `ideas_city_stage_idx`;--> statement-breakpoint
CREATE INDEX `ideas_city_stage_theme_idx` ON `ideas` (`city_id`,`stage`,`theme`);--> statement-breakpoint
CREATE INDEX `ideas_author_created_idx` ON `ideas` (`author_user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `meetings_city_ends_idx` ON `meetings` (`city_id`,`ends_at`);