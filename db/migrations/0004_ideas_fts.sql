-- Full-text search over ideas (title and description). External-content FTS5 table kept in step by
-- triggers; unicode61 with remove_diacritics 2 lets "kaynti" find "käynti" and "Sibenik" find "Šibenik".
CREATE VIRTUAL TABLE `ideas_fts` USING fts5(title, description, content='ideas', content_rowid='id', tokenize="unicode61 remove_diacritics 2");
--> statement-breakpoint
INSERT INTO `ideas_fts` (rowid, title, description) SELECT id, title, description FROM `ideas`;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_insert` AFTER INSERT ON `ideas` BEGIN
  INSERT INTO `ideas_fts` (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_delete` AFTER DELETE ON `ideas` BEGIN
  INSERT INTO `ideas_fts` (`ideas_fts`, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_update` AFTER UPDATE OF title, description ON `ideas` BEGIN
  INSERT INTO `ideas_fts` (`ideas_fts`, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO `ideas_fts` (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
