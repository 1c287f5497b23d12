// `npm run db:migrate`: applies pending migrations to DATABASE_PATH (the server also does this at start-up).
import { closeConnection, getConnection } from "../db/client.server";

const { file } = getConnection();
console.log(`Migrations applied to ${file}`);
closeConnection();
