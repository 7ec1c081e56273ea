/** GET /api/client-config: what the web client needs before sign-in. */
export interface ClientConfig {
  version: string;
  demo: boolean;
  /** MapLibre style URL of the base map; null = plain background (offline). */
  baseMapStyleUrl: string | null;
  /**
   * Codes of the wards the operations centre serves (their names: GET /api/areas?level=ward&code=…);
   * empty = every ward in force.
   */
  wards: string[];
}
