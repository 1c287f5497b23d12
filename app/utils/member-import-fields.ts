// Shared by the import route's form (browser) and the importer (server).

/** The member details a CSV column can be matched to; first and last name are joined into the name. */
export const IMPORT_FIELDS = [
  "name",
  "firstName",
  "lastName",
  "email",
  "phone",
  "organisation",
  "sector",
  "position",
  "joinedOn",
  "leftOn",
  "consentContact",
  "consentPhotos",
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];
export type MappingChoice = ImportField | "ignore";
export const MAPPING_CHOICES = ["ignore", ...IMPORT_FIELDS] as const;

export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_COLUMNS = 100;
