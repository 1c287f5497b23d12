// Seeds the demo network into DATABASE_PATH (default data/demo.sqlite). Safe to run twice.
import { closeConnection, getConnection } from "../db/client.server";
import { seedDemo } from "../db/seed/demo";
import { hashPassword } from "../app/auth/password.server";

process.env.DATABASE_PATH ||= "data/demo.sqlite";
const { db, file } = getConnection();
await seedDemo(db, hashPassword);
console.log(`Demo network seeded in ${file}`);
closeConnection();
