import CGLPK
