import type { AccountRole } from './roles.ts';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  /** Usable as `Authorization: Bearer <token>`; the same session is also set as a cookie. */
  token: string;
  user: CurrentUser;
}

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  unit: { id: number; code: string; nameVi: string; nameEn: string } | null;
  /** Areas an officer acts for (code + validity identifies one). */
  areas: { id: number; code: string; nameVi: string; validFrom: string }[];
}
