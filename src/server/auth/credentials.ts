import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254, { message: "That email address is too long." }));

export const passwordSchema = z
  .string()
  .min(8, { message: "Use at least 8 characters." })
  .max(256, { message: "Use at most 256 characters." });

export const signUpSchema = z.object({
  name: z.string().trim().max(100, { message: "Use at most 100 characters." }).optional().default(""),
  email: emailSchema,
  password: passwordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { message: "Enter your password." }).max(256),
});

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignInInput = z.input<typeof signInSchema>;
