// The authenticity output of a stream (CONTRACT §6).

export type Severity = 'low' | 'medium' | 'high';

export interface Flag {
  signal: string;
  severity: Severity;
  /** First and last minute (ms) in which the signal was raised. */
  from: number;
  to: number;
  evidence: Record<string, unknown>;
}

export interface Authenticity {
  score: number;
  flags: Flag[];
  suspectOrders: number;
  suspectGmv: number;
}

export interface SuspectOrder { orderId: string; userId: string; amount: number; reasons: string[] }
