'use client'
import type { HelloJohn } from '@hellojohn/js'
import { createContext } from 'react'

/** The client shared by every hook below a `<HelloJohnProvider>`; `null` outside one. */
export const HelloJohnContext = createContext<HelloJohn | null>(null)
