from . import omni_availability_matrix
from . import omni_availability_matrix_line
