import { type Actor, forbidden } from '@ledger/kernel';

/** The CSP program operator runs the enrollment checks; no other kind of actor may (403). */
export function assertProgramActor(actor: Actor): void {
  if (actor.kind !== 'program') throw forbidden('Only the CSP program may do this.');
}

/** Reviewing (approving or rejecting) an enrollment needs the program's `reviewer` role (403). */
export function assertReviewer(actor: Actor): void {
  if (!actor.roles.includes('reviewer')) throw forbidden('Only a program reviewer may review enrollments.');
}
