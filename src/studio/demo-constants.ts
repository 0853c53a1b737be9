import type { Role } from "../store/schema.ts";

/** The demo workspace's name: it says what it is wherever a workspace is shown. */
export const DEMO_WORKSPACE_NAME = "Fizzwell (demo data)";
/** The setting that marks a workspace as demo data (the studio shows a banner; nothing in it is real). */
export const DEMO_SETTING = "demo";
/** Every demo person's password: printed at start, for trying the studio only. */
export const DEMO_PASSWORD = "fizzwell-demo-only";

export interface DemoPerson {
  email: string;
  name: string;
  role: Role;
  team: string;
  region: string;
  champion: boolean;
}

/** A 12-person brand team: one admin, two champions (one per ~6 people, as the seed's 1 per 15-20 scaled down), creators, reviewers, a viewer. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { email: "admin@fizzwell.demo", name: "Alex Admin", role: "admin", team: "Brand ops", region: "northeast", champion: false },
  { email: "maya@fizzwell.demo", name: "Maya Chen", role: "champion", team: "CRM", region: "northeast", champion: true },
  { email: "luis@fizzwell.demo", name: "Luis Ortega", role: "champion", team: "Social", region: "west", champion: true },
  { email: "priya@fizzwell.demo", name: "Priya Nair", role: "reviewer", team: "Brand", region: "northeast", champion: false },
  { email: "tom@fizzwell.demo", name: "Tom Becker", role: "reviewer", team: "Legal", region: "midwest", champion: false },
  { email: "sam@fizzwell.demo", name: "Sam Lee", role: "creator", team: "CRM", region: "northeast", champion: false },
  { email: "ana@fizzwell.demo", name: "Ana Souza", role: "creator", team: "Social", region: "west", champion: false },
  { email: "kofi@fizzwell.demo", name: "Kofi Mensah", role: "creator", team: "Retail", region: "south", champion: false },
  { email: "lena@fizzwell.demo", name: "Lena Vogel", role: "creator", team: "Social", region: "midwest", champion: false },
  { email: "jo@fizzwell.demo", name: "Jo Park", role: "creator", team: "Growth", region: "west", champion: false },
  { email: "rita@fizzwell.demo", name: "Rita Gomes", role: "creator", team: "Retail", region: "south", champion: false },
  { email: "dan@fizzwell.demo", name: "Dan Wright", role: "viewer", team: "Leadership", region: "northeast", champion: false },
];
