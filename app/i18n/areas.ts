// Translations of each capability live in their own file under ./areas/, each exporting
// `{ en: {...}, fi: {...} }` with its own top-level keys; add one line here per file.
import type { Area } from "./area";
import calendar from "./areas/calendar";
import account from "./areas/account";
import roster from "./areas/roster";
import admin from "./areas/admin";
import meetings from "./areas/meetings";
import invitations from "./areas/invitations";
import membersImport from "./areas/members-import";
import ideas from "./areas/ideas";
import ideaPage from "./areas/idea-page";
import attendance from "./areas/attendance";
import agenda from "./areas/agenda";
import network from "./areas/network";
import dashboardIdeas from "./areas/dashboard-ideas";
import minutesExports from "./areas/exports";
import reports from "./areas/reports";
import minutes from "./areas/minutes";
import pilot from "./areas/pilot";
import actionPlan from "./areas/action-plan";
import actionItems from "./areas/action-items";

export const areas: Area[] = [calendar, roster, admin, meetings, invitations, account, membersImport, agenda, attendance, ideas, ideaPage, network, dashboardIdeas, minutesExports, reports, minutes, pilot, actionPlan, actionItems];
